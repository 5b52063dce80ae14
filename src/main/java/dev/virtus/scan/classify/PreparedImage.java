package dev.virtus.scan.classify;

/**
 * One input of the model, preprocessed and waiting for ONNX Runtime: the {@code pixel_values} (3 x height x width,
 * channel-first) of a whole image or of one face's crop.
 *
 * @param inputHeight height of the model input
 * @param inputWidth width of the model input; inputs go in one call only when both sizes agree
 */
public record PreparedImage(int inputHeight, int inputWidth, float[] pixelValues) {

    public boolean sameInputSize(PreparedImage other) {
        return inputHeight == other.inputHeight && inputWidth == other.inputWidth;
    }
}
