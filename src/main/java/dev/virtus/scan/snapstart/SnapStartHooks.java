package dev.virtus.scan.snapstart;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.faces.FaceFinder;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import io.quarkus.runtime.Startup;

/**
 * Lambda SnapStart (java21 runtime, JVM zip): the model and the ONNX Runtime session are {@code @Startup} beans,
 * so they exist before the snapshot. These org.crac hooks run around it; outside SnapStart they never fire.
 * <ul>
 * <li>Before the checkpoint, one inference on a blank image (and, with a face mode, one face detection): ONNX Runtime's first-run work (memory arena,
 * kernel selection) and the JIT's work on our code land in the snapshot instead of in the first request
 * after every restore.</li>
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
    private static final int PRIMING_IMAGE_SIDE = 512;

    private final OnnxSession session;
    private final ModelBundle bundle;
    private final Optional<FaceFinder> faces;

    public SnapStartHooks(OnnxSession session, ModelBundle bundle, Optional<FaceFinder> faces) {
        this.session = session;
        this.bundle = bundle;
        this.faces = faces;
        // The global context holds resources weakly; this singleton keeps itself reachable.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long started = System.nanoTime();
        int[] size = bundle.preprocessing().outputSize(PRIMING_IMAGE_SIDE, PRIMING_IMAGE_SIDE);
        session.logits(OnnxSession.allocateInput(1, size[0], size[1]), 1, size[0], size[1]);
        faces.ifPresent(finder -> finder.find(blank()));
        LOG.infof("Primed the ONNX Runtime session%s before the SnapStart checkpoint in %d ms",
                faces.isPresent() ? " and the face detector" : "", (System.nanoTime() - started) / 1_000_000);
    }

    private static RgbImage blank() {
        return new RgbImage(PRIMING_IMAGE_SIDE, PRIMING_IMAGE_SIDE, new byte[PRIMING_IMAGE_SIDE * PRIMING_IMAGE_SIDE * 3]);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.info("Restored from a SnapStart snapshot");
    }
}
