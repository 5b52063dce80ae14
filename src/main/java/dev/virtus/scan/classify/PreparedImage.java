package dev.virtus.scan.classify;

/**
 * An image decoded and preprocessed, waiting for ONNX Runtime: its {@code pixel_values} (3 x height x width,
 * channel-first) and what the report needs about it.
 *
 * @param width width of the decoded image
 * @param height height of the decoded image
 * @param inputHeight height of the model input
 * @param inputWidth width of the model input; images go in one call only when both input sizes agree
 */
public record PreparedImage(int width, int height, int inputHeight, int inputWidth, float[] pixelValues,
        double decodeMs, double preprocessMs) {

    public boolean sameInputSize(PreparedImage other) {
        return inputHeight == other.inputHeight && inputWidth == other.inputWidth;
    }
}
