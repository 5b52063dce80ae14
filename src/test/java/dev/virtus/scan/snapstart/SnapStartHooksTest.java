package dev.virtus.scan.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.config.VirtusConfig.Faces.Mode;
import dev.virtus.scan.faces.FaceDetector;
import dev.virtus.scan.faces.FaceFinder;
import dev.virtus.scan.faces.FaceFixtures;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;

class SnapStartHooksTest {

    /** The real session, recording every inference it runs (shape and logits). */
    private static final class RecordingSession extends OnnxSession {

        final List<String> runs = new ArrayList<>();

        RecordingSession(ModelBundle bundle) {
            super(bundle, 1, false);
        }

        @Override
        public float[][] logits(FloatBuffer pixelValues, int images, int height, int width) {
            float[][] logits = super.logits(pixelValues, images, height, width);
            runs.add(images + "x3x" + height + "x" + width + " -> " + logits.length + "x" + logits[0].length);
            return logits;
        }
    }

    private static ModelBundle deit() {
        return ModelBundleReader.read(Fixtures.MODELS.resolve("deit-tiny-standin"), "model.onnx", Optional.empty());
    }

    @Test
    void should_run_one_inference_at_the_models_input_size_before_the_checkpoint() {
        // given the hooks over a session that records its runs (DeiT: 512x512 -> resize 256 -> crop 224)
        try (RecordingSession session = new RecordingSession(deit())) {
            SnapStartHooks hooks = new SnapStartHooks(session, deit(), Optional.empty());
            assertEquals(List.of(), session.runs, "constructing the hooks must not run the model");

            // when the runtime announces the checkpoint
            hooks.beforeCheckpoint(null);

            // then exactly one real inference ran, on one image of the model's input size
            assertEquals(List.of("1x3x224x224 -> 1x2"), session.runs);
        }
    }

    @Test
    void should_leave_the_session_open_and_run_nothing_after_restore() {
        try (RecordingSession session = new RecordingSession(deit())) {
            SnapStartHooks hooks = new SnapStartHooks(session, deit(), Optional.empty());
            hooks.beforeCheckpoint(null);

            hooks.afterRestore(null);

            assertEquals(1, session.runs.size(), session.runs::toString);
            assertTrue(session.isOpen());
            assertEquals(2, session.logits(OnnxSession.allocateInput(1, 224, 224), 1, 224, 224)[0].length);
        }
    }

    @Test
    void should_run_the_face_detector_too_before_the_checkpoint_when_a_face_mode_is_on(@TempDir Path exports) {
        ModelBundle withFaces = ModelBundleReader.read(
                FaceFixtures.exportWithFaces(Fixtures.MODELS.resolve("deit-tiny-standin"), exports.resolve("deit")), "model.onnx",
                Optional.empty());
        try (RecordingSession session = new RecordingSession(withFaces)) {
            FaceDetector detector = new FaceDetector(withFaces.faceDetector(), 1);
            FaceFinder finder = new FaceFinder(Mode.CROP, detector, 0.3, 32, 8);
            new SnapStartHooks(session, withFaces, Optional.of(finder)).beforeCheckpoint(null);
            assertEquals(List.of("1x3x224x224 -> 1x2"), session.runs);

            // a closed detector fails when run: priming that skipped the detector would not notice
            detector.close();
            SnapStartHooks overClosedDetector = new SnapStartHooks(session, withFaces, Optional.of(finder));
            assertThrows(IllegalStateException.class, () -> overClosedDetector.beforeCheckpoint(null));
        }
    }
}
