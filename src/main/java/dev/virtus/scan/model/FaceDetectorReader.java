package dev.virtus.scan.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;


/**
 * Reads the face detector that {@code model/export.py --faces} puts in {@code faces/} of an export directory:
 * {@code face_detector.json} and the ONNX file it names, checked against the manifest like the model.
 */
final class FaceDetectorReader {

    static final String SETTINGS = "faces/face_detector.json";

    private FaceDetectorReader() {
    }

    /** The detector's settings, or empty when the export has none. */
    static Optional<FaceDetectorSettings> read(Path directory, Optional<ExportManifest> manifest, boolean verifyChecksums) {
        Path settingsFile = directory.resolve(SETTINGS);
        if (!Files.isRegularFile(settingsFile)) {
            return Optional.empty();
        }
        JsonNode json = ModelBundleReader.readJson(settingsFile);
        String modelName = modelPath(json);
        Path modelFile = directory.resolve(modelName);
        if (!Files.isRegularFile(modelFile)) {
            throw new ModelBundleException(SETTINGS + " names " + modelName + ", which is not in " + directory.toAbsolutePath() + ".");
        }
        if (verifyChecksums) {
            manifest.ifPresent(m -> List.of(SETTINGS, modelName).forEach(file -> m.verify(directory, file)));
        }
        String sha256 = manifest.flatMap(m -> m.sha256(modelName)).orElseGet(() -> ModelBundleReader.sha256(modelFile));
        JsonNode input = required(json, "input");
        JsonNode outputs = required(json, "outputs");
        JsonNode anchors = required(json, "anchors");
        JsonNode decoding = required(json, "decoding");
        List<String> scores = texts(required(outputs, "scores"));
        List<String> boxes = texts(required(outputs, "boxes"));
        if (scores.size() != boxes.size() || scores.isEmpty()) {
            throw new ModelBundleException(SETTINGS + " must name one box output per score output.");
        }
        List<Integer> strides = new ArrayList<>();
        required(anchors, "strides").forEach(stride -> strides.add(stride.asInt()));
        return Optional.of(new FaceDetectorSettings(modelFile, sha256,
                required(input, "name").asText(),
                required(input, "size").asInt(),
                scores,
                boxes,
                strides,
                required(anchors, "anchors_per_layer").asInt(),
                required(anchors, "offset").asDouble(),
                required(decoding, "scale").asDouble(),
                required(decoding, "score_clipping").asDouble(),
                required(json, "min_score").asDouble(),
                required(json, "min_suppression_iou").asDouble()));
    }

    /** The ONNX file's path in the export directory; a plain file name in {@code faces/}, never a way out of it. */
    static String modelPath(JsonNode settings) {
        String name = required(settings, "model").asText();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ModelBundleException(SETTINGS + " names the model '" + name + "'; expected a plain file name.");
        }
        return "faces/" + name;
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw new ModelBundleException(SETTINGS + " has no '" + field + "'.");
        }
        return value;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
