package dev.virtus.scan.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.config.VirtusConfig.Faces.Mode;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.faces.FaceDetector;
import dev.virtus.scan.faces.FaceFinder;
import dev.virtus.scan.faces.FaceFixtures;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;

class SnapStartHooksTest {

    /** The real session, recording every inference it runs: its shape, and whether its input was a picture or blank. */
    private static final class RecordingSession extends OnnxSession {

        final List<String> runs = new ArrayList<>();

        RecordingSession(ModelBundle bundle) {
            super(bundle, 1, false);
        }

        @Override
        public float[][] logits(FloatBuffer pixelValues, int images, int height, int width) {
            float[][] logits = super.logits(pixelValues, images, height, width);
            long distinct = IntStream.range(0, pixelValues.limit()).mapToDouble(pixelValues::get).distinct().limit(10).count();
            runs.add(images + "x3x" + height + "x" + width + (distinct > 3 ? " picture" : " blank") + " -> " + logits.length + "x"
                    + logits[0].length);
            return logits;
        }
    }

    private static ModelBundle deit() {
        return ModelBundleReader.read(Fixtures.MODELS.resolve("deit-tiny-standin"), "model.onnx", Optional.empty());
    }

    private static SnapStartHooks hooks(ModelBundle bundle, OnnxSession session, Optional<FaceFinder> faces) {
        ImageClassifier classifier = new ImageClassifier(bundle, session, new DecodeLimits(20_000_000, 40_000_000), "Fake", 0.5, 8, faces);
        return new SnapStartHooks(classifier, session, bundle);
    }

    private static ModelBundle deitWithFaces(Path exports) {
        return ModelBundleReader.read(FaceFixtures.exportWithFaces(Fixtures.MODELS.resolve("deit-tiny-standin"), exports.resolve("deit")),
                "model.onnx", Optional.empty());
    }

    @Test
    void should_classify_the_priming_photo_at_the_models_input_size_before_the_checkpoint() {
        // given the hooks over a session that records its runs (DeiT: 320x240 -> resize 256 -> crop 224)
        try (RecordingSession session = new RecordingSession(deit())) {
            SnapStartHooks hooks = hooks(deit(), session, Optional.empty());
            assertEquals(List.of(), session.runs, "constructing the hooks must not run the model");

            // when the runtime announces the checkpoint
            hooks.beforeCheckpoint(null);

            // then exactly one real inference ran, on the decoded and preprocessed photo
            assertEquals(List.of("1x3x224x224 picture -> 1x2"), session.runs);
        }
    }

    @Test
    void should_leave_the_session_open_and_run_nothing_after_restore() {
        try (RecordingSession session = new RecordingSession(deit())) {
            SnapStartHooks hooks = hooks(deit(), session, Optional.empty());
            hooks.beforeCheckpoint(null);

            hooks.afterRestore(null);

            assertEquals(1, session.runs.size(), session.runs::toString);
            assertTrue(session.isOpen());
            assertEquals(2, session.logits(OnnxSession.allocateInput(1, 224, 224), 1, 224, 224)[0].length);
        }
    }

    @Test
    void should_run_the_face_detector_and_classify_the_face_before_the_checkpoint_when_a_face_mode_is_on(@TempDir Path exports) {
        ModelBundle withFaces = deitWithFaces(exports);
        try (RecordingSession session = new RecordingSession(withFaces)) {
            FaceDetector detector = new FaceDetector(withFaces.faceDetector(), 1);
            FaceFinder finder = new FaceFinder(Mode.CROP, detector, 0.3, 32, 8);
            hooks(withFaces, session, Optional.of(finder)).beforeCheckpoint(null);
            assertEquals(List.of("1x3x224x224 picture -> 1x2"), session.runs, "the photo's one face, cropped");

            // a closed detector fails when run: priming that skipped the detector would not notice
            detector.close();
            SnapStartHooks overClosedDetector = hooks(withFaces, session, Optional.of(finder));
            assertThrows(IllegalStateException.class, () -> overClosedDetector.beforeCheckpoint(null));
        }
    }

    @Test
    void should_still_run_the_session_once_when_require_finds_no_face_in_the_photo(@TempDir Path exports) {
        ModelBundle withFaces = deitWithFaces(exports);
        try (RecordingSession session = new RecordingSession(withFaces);
                FaceDetector detector = new FaceDetector(withFaces.faceDetector(), 1)) {
            // faces smaller than 1000 px are not judged, so the photo has none
            FaceFinder finder = new FaceFinder(Mode.REQUIRE, detector, 0.3, 1000, 8);

            hooks(withFaces, session, Optional.of(finder)).beforeCheckpoint(null);

            assertEquals(List.of("1x3x224x224 blank -> 1x2"), session.runs);
        }
    }
}
