package dev.virtus.scan.classify;

import java.util.List;

import dev.virtus.scan.faces.FoundFaces;

/**
 * One frame of an image made ready for ONNX Runtime (a still image is one frame).
 *
 * @param index 0-based place of the frame in the file
 * @param inputs the whole frame, or one crop per judged face in the order of {@code faces.judged()}
 * @param faces what face detection found in the frame; null when faces are not looked for
 */
public record PreparedFrame(int index, List<PreparedImage> inputs, FoundFaces faces) {

    public PreparedFrame {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a frame to classify has at least one input");
        }
    }
}
