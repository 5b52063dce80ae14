package dev.virtus.scan.model;

import java.nio.file.Path;
import java.util.List;

import dev.virtus.scan.preprocess.ImageProcessorConfig;

/**
 * An export directory, read and checked: the ONNX file, the labels in id order and the image-processor
 * settings the model was trained with.
 *
 * @param sha256 hex SHA-256 of the ONNX file
 * @param faceDetector the face detector shipped beside the model ({@code model/export.py --faces}); null without one
 */
public record ModelBundle(
        Path modelFile,
        String name,
        String sha256,
        List<String> labels,
        ImageProcessorConfig preprocessing,
        FaceDetectorSettings faceDetector) {

    public ModelBundle {
        labels = List.copyOf(labels);
    }

    /** A bundle without a face detector. */
    public ModelBundle(Path modelFile, String name, String sha256, List<String> labels, ImageProcessorConfig preprocessing) {
        this(modelFile, name, sha256, labels, preprocessing, null);
    }

    public String shortHash() {
        return sha256.substring(0, 12);
    }

    /** Model name and short hash, the form results and tags carry. */
    public String displayName() {
        return name + "@" + shortHash();
    }
}
