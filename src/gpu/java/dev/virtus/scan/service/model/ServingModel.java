package dev.virtus.scan.service.model;

import java.util.Optional;

import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.faces.FaceFinder;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.service.batch.DynamicBatcher;

/**
 * The model once loaded: its bundle, session, face finder ({@code virtus.faces.mode} crop or require), classifier,
 * and the batcher in front of them.
 */
public record ServingModel(ModelBundle bundle, OnnxSession session, Optional<FaceFinder> faces, ImageClassifier classifier,
        DynamicBatcher batcher) implements AutoCloseable {

    /** Answers what the batcher accepted, then frees the native sessions: the face detector's, then the model's. */
    @Override
    public void close() {
        batcher.close();
        faces.ifPresent(FaceFinder::close);
        session.close();
    }
}
