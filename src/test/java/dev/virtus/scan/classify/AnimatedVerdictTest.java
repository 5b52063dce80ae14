package dev.virtus.scan.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.FrameGoldens;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.ImageDecoder;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;
import dev.virtus.scan.preprocess.ImagePreprocessor;

/**
 * An animated image is judged on every frame, and the most fake frame decides: a real photo shown for 20 ms before a
 * fake shown for seconds is FAKE. Per-frame logits equal the Hugging Face pipeline's on Pillow's composited frames
 * (model/make_frame_goldens.py).
 */
class AnimatedVerdictTest {

    /** As ImageClassifierGoldenTest: exact float math after bit-exact frames, lossy WebP within its measured drift. */
    private static final double LOGITS_TOLERANCE = 1e-4;
    private static final double LOSSY_WEBP_LOGITS_TOLERANCE = 0.15;
    private static final DecodeLimits LIMITS = new DecodeLimits(20_000_000, 40_000_000);

    private static ModelBundle bundle;
    private static OnnxSession session;
    private static ImageClassifier classifier;

    @BeforeAll
    static void load() {
        bundle = ModelBundleReader.read(Fixtures.MODELS.resolve(FrameGoldens.index().model()), "model.onnx", Optional.empty());
        session = new OnnxSession(bundle, 1, false);
        classifier = new ImageClassifier(bundle, session, LIMITS, "Fake", 0.5, 8);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    static Stream<FrameGoldens.Animated> fixtures() {
        return FrameGoldens.index().fixtures().stream();
    }

    static Stream<FrameGoldens.Animated> attacks() {
        return fixtures().filter(f -> f.frames().get(0).fake() < 0.5 && f.mostFake() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void should_give_the_pipelines_logits_for_every_frame(FrameGoldens.Animated golden) {
        List<RgbImage> frames = new ArrayList<>();
        new ImageDecoder(LIMITS).decodeFrames(golden.bytes(), frames::add);

        double tolerance = golden.lossy() ? LOSSY_WEBP_LOGITS_TOLERANCE : LOGITS_TOLERANCE;
        for (int i = 0; i < frames.size(); i++) {
            float[] logits = logits(frames.get(i));
            for (int j = 0; j < logits.length; j++) {
                assertEquals(golden.frames().get(i).logits()[j], logits[j], tolerance, "frame " + i + " logit " + j);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void should_judge_the_image_fake_when_a_later_frame_is_fake(FrameGoldens.Animated golden) {
        Classification result = classifier.classify(golden.bytes());

        assertEquals("Fake", result.verdict().label());
        assertEquals(new FrameReport(golden.frames().size(), golden.frames().size(), golden.mostFake()), result.frames());
        double tolerance = golden.lossy() ? LOSSY_WEBP_LOGITS_TOLERANCE : LOGITS_TOLERANCE;
        assertEquals(golden.frames().get(golden.mostFake()).fake(), result.verdict().score(), tolerance);
        assertEquals(golden.width(), result.width());
    }

    @Test
    void should_count_the_default_image_of_an_apng_as_frame_0() {
        FrameGoldens.Animated golden = FrameGoldens.find("apng-default-image.png");

        Classification result = classifier.classify(golden.bytes());

        assertEquals(3, result.frames().count(), "the default image and two animation frames");
        assertEquals(golden.frames().get(0).fake(), classifier.classify(classifier.decode(golden.bytes()), 0).verdict().score(),
                LOGITS_TOLERANCE);
        assertEquals(1, result.frames().decidedBy());
    }

    @Test
    void should_report_the_frames_in_the_answer_and_nothing_for_a_still_image() throws Exception {
        ObjectMapper json = new ObjectMapper();

        String animated = json.writeValueAsString(classifier.classifyOrReport(FrameGoldens.find("gif-real-then-fake.gif").bytes()));
        String still = json.writeValueAsString(classifier.classifyOrReport(Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png"))));

        assertTrue(animated.contains("\"frames\":{\"count\":3,\"judged\":3,\"decidedBy\":1}"), animated);
        assertFalse(still.contains("frames"), still);
    }

    @Test
    void should_judge_a_frame_like_the_one_before_it_once() {
        FrameGoldens.Animated golden = FrameGoldens.find("gif-real-then-fake.gif");
        PreparedClassification still = classifier.prepare(Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")));

        PreparedClassification animated = classifier.prepare(golden.bytes());

        assertEquals(3, animated.inputs().size());
        assertEquals(1, still.inputs().size());
        assertNull(classifier.classifyTogether(List.of(still)).get(0).frames());
    }

    @Test
    void should_give_batched_results_equal_to_single_results_across_animated_and_still_images() {
        List<byte[]> images = List.of(FrameGoldens.find("apng-real-then-fake.png").bytes(),
                Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")), FrameGoldens.find("gif-disposal-transparency.gif").bytes());

        List<Classification> batched = classifier.classifyTogether(images.stream().map(classifier::prepare).toList());

        for (int i = 0; i < images.size(); i++) {
            Classification single = classifier.classify(images.get(i));
            assertEquals(single.verdict().score(), batched.get(i).verdict().score(), 1e-5, "image " + i);
            assertEquals(single.frames(), batched.get(i).frames(), "image " + i);
        }
    }

    private static float[] logits(RgbImage frame) {
        ImagePreprocessor preprocessor = new ImagePreprocessor(bundle.preprocessing());
        int[] size = preprocessor.config().outputSize(frame.height(), frame.width());
        FloatBuffer input = OnnxSession.allocateInput(1, size[0], size[1]);
        preprocessor.writePixelValues(frame, input);
        return session.logits(input, 1, size[0], size[1])[0];
    }
}
