package dev.virtus.scan.classify;

/**
 * What {@code scan} needs from classification. The Lambda build's bean is {@link ImageClassifier} itself; the
 * GPU service's goes through its dynamic batcher, so that objects from many queue messages share ONNX
 * Runtime calls.
 */
public interface Classifier {

    /** The verdict for encoded image bytes, or {@code UNSUPPORTED} when they are not an image we accept. */
    ClassificationResult classifyOrReport(byte[] encoded);

    /** Model name and short hash, as verdicts carry it. */
    String modelName();
}
