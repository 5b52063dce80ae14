package dev.virtus.scan.model;

import java.nio.file.Path;
import java.util.List;

import dev.virtus.scan.preprocess.ImageProcessorConfig;

/**
 * An export directory, read and checked: the ONNX file, the labels in id order and the image-processor
 * settings the model was trained with.
 *
 * @param sha256 hex SHA-256 of the ONNX file
 */
public record ModelBundle(
        Path modelFile,
        String name,
        String sha256,
        List<String> labels,
        ImageProcessorConfig preprocessing) {

    public ModelBundle {
        labels = List.copyOf(labels);
    }

    public String shortHash() {
        return sha256.substring(0, 12);
    }

    /** Model name and short hash, the form results and tags carry. */
    public String displayName() {
        return name + "@" + shortHash();
    }
}
