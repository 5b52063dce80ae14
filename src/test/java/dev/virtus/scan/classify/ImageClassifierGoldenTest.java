package dev.virtus.scan.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;
import dev.virtus.scan.preprocess.ImagePreprocessor;
import dev.virtus.scan.verdict.Verdict;

/**
 * Every fixture through every committed stand-in, compared with what the Hugging Face pipeline
 * (transformers' PIL image processor, PyTorch) produced for it.
 */
class ImageClassifierGoldenTest {

    /**
     * See ImageDecoderTest: lossy WebP decodes within 16 of libwebp, so its resize differs too, and its
     * logits by up to 0.11 (measured: 0.108 DeiT, 0.021 ViT stand-in). The label must still agree.
     */
    private static final String LOSSY_WEBP = "webp-lossy.webp";
    private static final double LOSSY_WEBP_LOGITS_TOLERANCE = 0.15;
    private static final double PIXEL_VALUES_TOLERANCE = 1e-6;
    private static final double LOGITS_TOLERANCE = 1e-4;

    private static final Map<String, Loaded> MODELS = new HashMap<>();

    private record Loaded(ModelBundle bundle, OnnxSession session, ImageClassifier classifier) {
    }

    static Stream<Goldens.Case> cases() {
        return Goldens.index().cases().stream();
    }

    private static Loaded load(Goldens.Case golden) {
        return MODELS.computeIfAbsent(golden.model(), model -> {
            ModelBundle bundle = ModelBundleReader.read(golden.modelDirectory(), "model.onnx", Optional.empty());
            OnnxSession session = new OnnxSession(bundle, 1, false);
            String positive = bundle.labels().stream().filter(l -> l.equalsIgnoreCase("fake")).findFirst().orElseThrow();
            return new Loaded(bundle, session,
                    new ImageClassifier(bundle, session, new DecodeLimits(20_000_000, 40_000_000), positive, 0.5, 8));
        });
    }

    @AfterAll
    static void closeSessions() {
        MODELS.values().forEach(loaded -> loaded.session().close());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_resize_exactly_like_pil(Goldens.Case golden) {
        Loaded loaded = load(golden);
        RgbImage expected = Fixtures.readRgbPng(golden.resizedPath());
        RgbImage decoded = loaded.classifier().decode(Fixtures.bytes(golden.imagePath()));

        RgbImage actual = new ImagePreprocessor(loaded.bundle().preprocessing()).resizeAndCrop(decoded);

        if (golden.image().equals(LOSSY_WEBP)) {
            assertTrue(Fixtures.maxAbsDifference(expected, actual) <= 16, Fixtures.firstDifference(expected, actual));
        } else {
            assertArrayEquals(expected.pixels(), actual.pixels(), () -> Fixtures.firstDifference(expected, actual));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_produce_the_pipelines_pixel_values(Goldens.Case golden) {
        Loaded loaded = load(golden);
        float[] expected = Goldens.readNpyGz(Fixtures.GOLDENS.resolve(golden.pixelValues()));
        // From the reference's resized bytes, so that only rescale and normalize are under test here.
        RgbImage resized = Fixtures.readRgbPng(golden.resizedPath());
        FloatBuffer actual = FloatBuffer.allocate(expected.length);

        new ImagePreprocessor(loaded.bundle().preprocessing()).writeRescaledAndNormalized(resized, actual);

        assertEquals(expected.length, actual.position(), "pixel_values length");
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual.get(i)));
        }
        assertTrue(maxDiff <= PIXEL_VALUES_TOLERANCE, "max |diff| " + maxDiff);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_give_the_pipelines_logits_and_label(Goldens.Case golden) {
        Loaded loaded = load(golden);

        Classification result = loaded.classifier().classify(Fixtures.bytes(golden.imagePath()));

        // the pipeline's load_image sees an animation's first frame only; AnimatedVerdictTest checks every frame
        Verdict verdict = result.frames() == null ? result.verdict()
                : loaded.classifier().classify(loaded.classifier().decode(Fixtures.bytes(golden.imagePath())), 0).verdict();
        assertEquals(golden.label(), verdict.label());
        double tolerance = golden.image().equals(LOSSY_WEBP) ? LOSSY_WEBP_LOGITS_TOLERANCE : LOGITS_TOLERANCE;
        float[] logits = logitsOf(loaded, golden);
        for (int i = 0; i < logits.length; i++) {
            assertEquals(golden.logits()[i], logits[i], tolerance, "logit " + i);
        }
        // softmax's derivative is at most 1/2, so probabilities are within the logits' tolerance
        golden.probabilities().forEach((label, p) -> assertEquals(p, verdict.probabilities().get(label), tolerance, label));
    }

    @Test
    void should_give_batched_results_equal_to_single_results() {
        List<Goldens.Case> deit = cases().filter(c -> c.model().equals("deit-tiny-standin")).toList();
        Loaded loaded = load(deit.get(0));
        List<PreparedClassification> images = deit.stream().map(c -> loaded.classifier().prepare(Fixtures.bytes(c.imagePath()))).toList();

        List<Verdict> batched = loaded.classifier().classifyTogether(images).stream().map(Classification::verdict).toList();

        for (int i = 0; i < deit.size(); i++) {
            Verdict single = loaded.classifier().classify(Fixtures.bytes(deit.get(i).imagePath())).verdict();
            assertEquals(single.label(), batched.get(i).label(), deit.get(i).image());
            assertEquals(single.score(), batched.get(i).score(), 1e-5, deit.get(i).image());
        }
    }

    private static float[] logitsOf(Loaded loaded, Goldens.Case golden) {
        RgbImage decoded = loaded.classifier().decode(Fixtures.bytes(golden.imagePath()));
        ImagePreprocessor preprocessor = new ImagePreprocessor(loaded.bundle().preprocessing());
        int[] size = preprocessor.config().outputSize(decoded.height(), decoded.width());
        FloatBuffer input = OnnxSession.allocateInput(1, size[0], size[1]);
        preprocessor.writePixelValues(decoded, input);
        return loaded.session().logits(input, 1, size[0], size[1])[0];
    }
}
