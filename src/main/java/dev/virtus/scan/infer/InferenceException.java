package dev.virtus.scan.infer;

/** ONNX Runtime failed on an input it accepted at start-up: a fault of ours or the runtime's, not of the image. */
public class InferenceException extends RuntimeException {

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
