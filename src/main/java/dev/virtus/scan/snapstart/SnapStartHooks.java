package dev.virtus.scan.snapstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.inject.Singleton;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.classify.NoFaceException;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import io.quarkus.runtime.Startup;

/**
 * Lambda SnapStart (java21 runtime, JVM zip): the model and the ONNX Runtime session are {@code @Startup} beans,
 * so they exist before the snapshot. These org.crac hooks run around it; outside SnapStart they never fire.
 * <ul>
 * <li>Before the checkpoint, one classification of a photo (a 320x240 JPEG with one face) through the path every
 * request takes: JPEG decoding, face detection and cropping when a face mode is on, preprocessing and inference.
 * ONNX Runtime's first-run work (memory arena, kernel selection), the class loading and the JIT's work on that
 * path land in the snapshot instead of in the first request after every restore. Should {@code require} find no
 * face, the session still runs once, on a blank image.</li>
 * <li>After a restore nothing of ours needs re-creating: we keep no random seeds, ids or clocks from init;
 * the model in /tmp is part of the snapshot; {@code SecureRandom} is re-seeded by Lambda's Java runtime; the
 * S3 client's pooled connections from the model download are dead after a restore, and the SDK and the JDK
 * HTTP client retry a request that fails on a stale pooled connection. The restore is only logged.</li>
 * </ul>
 */
@Startup
@Singleton
public class SnapStartHooks implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartHooks.class);
    static final String PRIMING_IMAGE = "/snapstart/priming.jpg";
    private static final int BLANK_IMAGE_SIDE = 512;

    private final ImageClassifier classifier;
    private final OnnxSession session;
    private final ModelBundle bundle;

    public SnapStartHooks(ImageClassifier classifier, OnnxSession session, ModelBundle bundle) {
        this.classifier = classifier;
        this.session = session;
        this.bundle = bundle;
        // The global context holds resources weakly; this singleton keeps itself reachable.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long started = System.nanoTime();
        try {
            classifier.classify(primingImage());
        } catch (NoFaceException noFace) {
            int[] size = bundle.preprocessing().outputSize(BLANK_IMAGE_SIDE, BLANK_IMAGE_SIDE);
            session.logits(OnnxSession.allocateInput(1, size[0], size[1]), 1, size[0], size[1]);
        }
        LOG.infof("Primed the classification path before the SnapStart checkpoint in %d ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static byte[] primingImage() {
        try (InputStream image = SnapStartHooks.class.getResourceAsStream(PRIMING_IMAGE)) {
            if (image == null) {
                throw new IllegalStateException(PRIMING_IMAGE + " is missing from the application");
            }
            return image.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.info("Restored from a SnapStart snapshot");
    }
}
