package dev.virtus.scan.bucket;

import java.util.Map;
import java.util.function.Function;

import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.Classifier;

/** Judges an image by its first byte: 'R' is real, 'F' fake, anything else is handed to {@code otherwise}. */
record ByteClassifier(Function<byte[], ClassificationResult> otherwise) implements Classifier {

    static final String MODEL = "stand-in/test@000000000000";

    @Override
    public ClassificationResult classifyOrReport(byte[] encoded) {
        return switch (encoded[0]) {
            case 'R' -> verdict("REAL", "Real", 0.1);
            case 'F' -> verdict("FAKE", "Fake", 0.9);
            default -> otherwise.apply(encoded);
        };
    }

    @Override
    public String modelName() {
        return MODEL;
    }

    static ClassificationResult verdict(String status, String label, double score) {
        return new ClassificationResult(status, label, score, Map.of("Real", 1 - score, "Fake", score), MODEL, 1, 1, null, null);
    }
}
