package dev.virtus.scan.cli;

import java.util.HashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/** Options that override {@code virtus.*} settings, shared by every subcommand. */
final class SettingsOptions {

    @Option(names = "--model", paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "Model export directory (model/export.py); overrides virtus.model.location (env VIRTUS_MODEL_LOCATION).")
    String modelLocation;

    @Option(names = "--threshold", paramLabel = "SCORE",
            description = "Score of the positive label at or above which it is the verdict (0 to 1); overrides virtus.threshold.")
    Double threshold;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Images per ONNX Runtime call; overrides virtus.inference.max-batch-size.")
    Integer batchSize;

    @Option(names = "--threads", paramLabel = "N",
            description = "ONNX Runtime intra-op threads; overrides virtus.inference.intra-op-threads.")
    Integer threads;

    @Option(names = "--faces", paramLabel = "MODE",
            description = "off (whole image), crop (judge each face, the most fake one decides; no face: the whole image)"
                    + " or require (no face: NO_FACE); overrides virtus.faces.mode. Needs an export made with --faces.")
    String faces;

    /** The options given, as the {@code virtus.*} properties they override. */
    Map<String, String> overrides() {
        Map<String, String> properties = new HashMap<>();
        if (modelLocation != null) {
            properties.put("virtus.model.location", modelLocation);
        }
        if (threshold != null) {
            properties.put("virtus.threshold", threshold.toString());
        }
        if (batchSize != null) {
            properties.put("virtus.inference.max-batch-size", batchSize.toString());
        }
        if (threads != null) {
            properties.put("virtus.inference.intra-op-threads", threads.toString());
        }
        if (faces != null) {
            properties.put("virtus.faces.mode", faces);
        }
        return properties;
    }
}
