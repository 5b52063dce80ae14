package dev.virtus.scan.service.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.FaceVerdict;
import dev.virtus.scan.config.VirtusConfig.Faces.Mode;
import dev.virtus.scan.faces.FaceDetector;
import dev.virtus.scan.faces.FaceFinder;
import dev.virtus.scan.faces.FaceFixtures;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Face-aware scoring in the dynamic batcher: each face crop is one input of a batch, shared with other requests' crops
 * and whole images and counted against {@code virtus.batch.max-size}; every request gets its own faces and verdict, as
 * the goldens have them; {@code require} answers {@code NO_FACE} with no inference spent; {@code crop} without a face
 * judges the whole image.
 */
class DynamicBatcherFacesTest {

    private static final String MODEL = "deit-tiny-standin";
    private static final double BOX_TOLERANCE = 1e-9;
    private static final double PROBABILITY_TOLERANCE = 1e-4;

    @TempDir
    static Path exports;

    private static ModelBundle bundle;
    private static OnnxSession session;
    private static FaceDetector detector;

    private static CountingClassifier counting(Mode mode) {
        return new CountingClassifier(bundle, session,
                mode == Mode.OFF ? Optional.empty() : Optional.of(new FaceFinder(mode, detector, 0.3, 32, 8)));
    }

    @BeforeAll
    static void load() {
        Path export = FaceFixtures.exportWithFaces(Fixtures.MODELS.resolve(MODEL), exports.resolve(MODEL));
        bundle = ModelBundleReader.read(export, "model.onnx", Optional.empty());
        session = new OnnxSession(bundle, 1, false);
        detector = new FaceDetector(bundle.faceDetector(), 1);
    }

    @AfterAll
    static void close() {
        detector.close();
        session.close();
    }

    private static byte[] noise() {
        return Fixtures.bytes(Fixtures.IMAGES.resolve("png-noise-200x200.png"));
    }

    private static void assertJudgedAsTheGoldens(FaceFixtures.Case golden, ClassificationResult result) {
        List<FaceFixtures.Face> faces = golden.faces();
        assertEquals(faces.size(), result.faces().found(), golden.image());
        assertFalse(result.faces().wholeImage(), golden.image());
        List<FaceVerdict> judged = result.faces().judged();
        assertEquals(faces.size(), judged.size(), golden.image());
        double mostFake = 0;
        for (int i = 0; i < faces.size(); i++) {
            FaceFixtures.Face face = faces.get(i);
            FaceFixtures.Judged expected = face.models().get(MODEL);
            FaceVerdict actual = judged.get(i);
            String what = golden.image() + " face " + i;
            assertEquals(face.left(), actual.box().left(), BOX_TOLERANCE, what);
            assertEquals(face.top(), actual.box().top(), BOX_TOLERANCE, what);
            assertEquals(face.right(), actual.box().right(), BOX_TOLERANCE, what);
            assertEquals(face.bottom(), actual.box().bottom(), BOX_TOLERANCE, what);
            assertEquals(face.score(), actual.box().detectionScore(), BOX_TOLERANCE, what);
            assertEquals(expected.label(), actual.label(), what);
            assertEquals(expected.probabilities().get("Fake"), actual.score(), PROBABILITY_TOLERANCE, what);
            mostFake = Math.max(mostFake, expected.probabilities().get("Fake"));
        }
        assertEquals(mostFake, result.score(), PROBABILITY_TOLERANCE, golden.image());
        assertEquals(mostFake > 0.5 ? "FAKE" : "REAL", result.status(), golden.image());
        assertTrue(result.model().endsWith("+faces-crop"), result.model());
    }

    @Test
    void should_batch_the_face_crops_of_several_requests_together_and_answer_each_its_own_faces() {
        CountingClassifier classifier = counting(Mode.CROP);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FaceFixtures.Case astronaut = FaceFixtures.find("faces-astronaut.png");
        FaceFixtures.Case group = FaceFixtures.find("faces-group.png");
        FaceFixtures.Case hopper = FaceFixtures.find("faces-grace-hopper.png");
        List<CompletableFuture<ClassificationResult>> answers = new ArrayList<>();

        // One preparing thread, so the images are ready in this order: 1 face, no face (the whole image), 5 faces, 1 face.
        try (DynamicBatcher batcher = new DynamicBatcher(classifier, new TestBatch(6, Duration.ofSeconds(2), 8, 1, 1), registry)) {
            answers.add(batcher.trySubmit(Fixtures.bytes(astronaut.path()), "test"));
            answers.add(batcher.trySubmit(noise(), "test"));
            answers.add(batcher.trySubmit(Fixtures.bytes(group.path()), "test"));
            answers.add(batcher.trySubmit(Fixtures.bytes(hopper.path()), "test"));

            assertJudgedAsTheGoldens(astronaut, answers.get(0).join());
            ClassificationResult whole = answers.get(1).join();
            assertTrue(whole.faces().wholeImage());
            assertEquals(0, whole.faces().found());
            assertJudgedAsTheGoldens(group, answers.get(2).join());
            assertJudgedAsTheGoldens(hopper, answers.get(3).join());
        }

        assertEquals(List.of(2, 6), classifier.calls,
                "the astronaut's crop and the noise's whole image share the first call; the group's five crops would make it 7,"
                        + " over the maximum of 6, so they open the second, which Grace Hopper's crop fills");
        var sizes = registry.get("virtus.batch.size").summary();
        assertEquals(2, sizes.count());
        assertEquals(8, (long) sizes.totalAmount(), "batch sizes count the model's inputs, crops included");
        assertEquals(4, registry.get("virtus.classify.requests").tag("outcome", "classified").counter().count());
    }

    @Test
    void should_answer_no_face_in_require_mode_without_an_inference_call() {
        CountingClassifier classifier = counting(Mode.REQUIRE);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (DynamicBatcher batcher = new DynamicBatcher(classifier, new TestBatch(8, Duration.ofMillis(50), 8, 1, 1), registry)) {
            ClassificationResult noFace = batcher.trySubmit(noise(), "test").join();

            assertEquals(ClassificationResult.NO_FACE, noFace.status());
            assertNull(noFace.score());
            assertNull(noFace.label());
            assertEquals(200, noFace.width());
            assertEquals(0, noFace.faces().found());
            assertFalse(noFace.faces().wholeImage());
            assertTrue(noFace.reason().startsWith("NO_FACE: no face of at least 32 pixels"), noFace.reason());
            assertTrue(noFace.model().endsWith("+faces-require"), noFace.model());
            assertEquals(List.of(), classifier.calls, "no inference for an image without a face");
            assertEquals(0, registry.get("virtus.batch.size").summary().count());
            assertEquals(1, registry.get("virtus.classify.requests").tag("outcome", "no-face").counter().count());
            assertEquals(0, batcher.pending());

            ClassificationResult face = batcher.trySubmit(Fixtures.bytes(FaceFixtures.find("faces-astronaut.png").path()), "test").join();
            assertEquals("REAL", face.status());
            assertEquals(List.of(1), classifier.calls, "an image with a face is judged by its crop");
        }
    }

    @Test
    void should_judge_the_whole_image_when_crop_mode_finds_no_face() {
        CountingClassifier classifier = counting(Mode.CROP);
        ClassificationResult off = counting(Mode.OFF).classifyOrReport(noise());

        try (DynamicBatcher batcher = new DynamicBatcher(classifier, new TestBatch(8, Duration.ofMillis(50), 8, 1, 1),
                new SimpleMeterRegistry())) {
            ClassificationResult crop = batcher.trySubmit(noise(), "test").join();

            assertTrue(crop.faces().wholeImage());
            assertEquals("crop", crop.faces().mode());
            assertEquals(0, crop.faces().found());
            assertTrue(crop.faces().judged().isEmpty());
            assertEquals(off.status(), crop.status());
            assertEquals(off.score(), crop.score(), 1e-6);
            assertEquals(off.model() + "+faces-crop", crop.model());
            assertEquals(List.of(1), classifier.calls, "one inference, of the whole image");
        }
    }
}
