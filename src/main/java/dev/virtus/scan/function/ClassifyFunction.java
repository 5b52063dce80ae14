package dev.virtus.scan.function;

import java.util.Map;

import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.fetch.ImageFetcher;
import dev.virtus.scan.fetch.ImageSource;
import dev.virtus.scan.classify.ProvenanceCheck;
import io.quarkus.funqy.Funq;

/**
 * {@code classify}: the verdict for one image named by URL, S3 location or inline bytes. An image we
 * cannot read, or one over the size limits, is an {@code UNSUPPORTED} answer; a malformed or refused
 * request, or a source that fails, is an error.
 */
public class ClassifyFunction {

    private final ImageFetcher fetcher;
    private final ImageClassifier classifier;
    private final ProvenanceCheck provenance;

    public ClassifyFunction(ImageFetcher fetcher, ImageClassifier classifier, VirtusConfig config) {
        this.fetcher = fetcher;
        this.classifier = classifier;
        this.provenance = ProvenanceCheck.from(config.provenance());
    }

    @Funq("classify")
    public ClassificationResult classify(Map<String, Object> request) {
        ImageSource source = ClassifyRequest.from(request).source();
        return classifier.fetchAndClassifyOrReport(() -> fetcher.fetch(source), provenance);
    }
}
