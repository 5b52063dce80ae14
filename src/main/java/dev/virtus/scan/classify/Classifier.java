package dev.virtus.scan.classify;

import java.util.function.Supplier;

import dev.virtus.scan.fetch.FetchException;

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

    /**
     * Classifies the bytes {@code fetch} brings, with their provenance beside the verdict (or instead of the model,
     * as {@code virtus.provenance.policy} says). A source over the byte limit is {@code UNSUPPORTED}, as an
     * image over the pixel limit is; other fetch failures propagate.
     */
    default ClassificationResult fetchAndClassifyOrReport(Supplier<byte[]> fetch, ProvenanceCheck provenance) {
        byte[] encoded;
        try {
            encoded = fetch.get();
        } catch (FetchException e) {
            if (e.reason() != FetchException.Reason.TOO_LARGE) {
                throw e;
            }
            return ClassificationResult.overByteLimit(e, modelName());
        }
        return provenance.classify(encoded, this::classifyOrReport, modelName());
    }
}
