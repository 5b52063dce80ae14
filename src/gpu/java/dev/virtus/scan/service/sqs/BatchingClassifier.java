package dev.virtus.scan.service.sqs;

import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.Classifier;
import dev.virtus.scan.service.model.ModelLoader;

/**
 * The service's {@link Classifier}: what {@code ScanService} classifies goes through the dynamic batcher,
 * waiting for room rather than being refused, so that the queue worker slows down instead of failing.
 */
@ApplicationScoped
public class BatchingClassifier implements Classifier {

    static final String SOURCE = "queue";

    private final ModelLoader loader;

    public BatchingClassifier(ModelLoader loader) {
        this.loader = loader;
    }

    @Override
    public ClassificationResult classifyOrReport(byte[] encoded) {
        try {
            return loader.require().batcher().submit(encoded, SOURCE).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for room in the batcher", e);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public String modelName() {
        return loader.require().classifier().modelName();
    }
}
