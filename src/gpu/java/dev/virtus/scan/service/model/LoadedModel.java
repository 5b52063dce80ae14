package dev.virtus.scan.service.model;

import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.service.batch.DynamicBatcher;

/** The model once loaded: its bundle, session, classifier, and the batcher in front of them. */
public record LoadedModel(ModelBundle bundle, OnnxSession session, ImageClassifier classifier, DynamicBatcher batcher)
        implements AutoCloseable {

    /** Answers what the batcher accepted, then frees the native session. */
    @Override
    public void close() {
        batcher.close();
        session.close();
    }
}
