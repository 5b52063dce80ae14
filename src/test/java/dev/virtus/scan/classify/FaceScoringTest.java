package dev.virtus.scan.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.config.VirtusConfig.Faces.Mode;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.faces.FaceBox;
import dev.virtus.scan.faces.FaceCropper;
import dev.virtus.scan.faces.FaceDetector;
import dev.virtus.scan.faces.FaceFinder;
import dev.virtus.scan.faces.FaceFixtures;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;
import dev.virtus.scan.preprocess.ImagePreprocessor;

/**
 * Face-aware scoring on the tiny stand-ins: crops and their logits against the Hugging Face pipeline run on the same
 * crops (model/make_face_fixtures.py), and what each mode makes of faces, of none, and of an uploader's tricks.
 */
class FaceScoringTest {

    private static final double LOGITS_TOLERANCE = 1e-4;
    private static final String DEIT = "deit-tiny-standin";

    @TempDir
    static Path exports;

    private record Loaded(ModelBundle bundle, OnnxSession session, FaceDetector detector) {
    }

    private static final Map<String, Loaded> MODELS = new HashMap<>();

    private static Loaded load(String model) {
        return MODELS.computeIfAbsent(model, name -> {
            Path export = FaceFixtures.exportWithFaces(Fixtures.MODELS.resolve(name), exports.resolve(name));
            ModelBundle bundle = ModelBundleReader.read(export, "model.onnx", Optional.empty());
            return new Loaded(bundle, new OnnxSession(bundle, 1, false), new FaceDetector(bundle.faceDetector(), 1));
        });
    }

    @AfterAll
    static void close() {
        MODELS.values().forEach(loaded -> {
            loaded.detector().close();
            loaded.session().close();
        });
    }

    /** The finder is not closed here: the detector it wraps is shared by the tests and closed once. */
    private static ImageClassifier classifier(String model, Mode mode, int minSize, int maxFaces) {
        Loaded loaded = load(model);
        String positive = loaded.bundle().labels().stream().filter(l -> l.equalsIgnoreCase("fake")).findFirst().orElseThrow();
        Optional<FaceFinder> faces = mode == Mode.OFF ? Optional.empty()
                : Optional.of(new FaceFinder(mode, loaded.detector(), 0.3, minSize, maxFaces));
        return new ImageClassifier(loaded.bundle(), loaded.session(), new DecodeLimits(20_000_000, 40_000_000), positive,
                0.5, 8, faces);
    }

    private static ImageClassifier classifier(Mode mode) {
        return classifier(DEIT, mode, 32, 8);
    }

    static Stream<Arguments> imagesWithFaces() {
        return Stream.of(DEIT, "vit-tiny-standin").flatMap(model -> FaceFixtures.golden().cases().stream()
                .filter(c -> !c.faces().isEmpty())
                .map(c -> Arguments.of(model, c)));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("imagesWithFaces")
    void should_give_each_golden_crop_the_logits_of_the_hugging_face_pipeline(String model, FaceFixtures.Case golden) {
        Loaded loaded = load(model);
        ImagePreprocessor preprocessor = new ImagePreprocessor(loaded.bundle().preprocessing());
        RgbImage image = classifier(model, Mode.OFF, 0, 1).decode(Fixtures.bytes(golden.path()));
        FaceCropper cropper = new FaceCropper(FaceFixtures.golden().margin());
        int size = preprocessor.config().cropHeight();
        FloatBuffer input = OnnxSession.allocateInput(golden.faces().size(), size, size);

        for (FaceFixtures.Face face : golden.faces()) {
            FaceFixtures.Crop crop = face.crop();
            assertArrayEquals(new int[] {crop.left(), crop.top(), crop.side()},
                    cropper.square(image.width(), image.height(), face.box()));
            preprocessor.writePixelValues(cropper.crop(image, face.box()), input);
        }
        float[][] logits = loaded.session().logits(input, golden.faces().size(), size, size);

        for (int i = 0; i < logits.length; i++) {
            assertArrayEquals(golden.faces().get(i).models().get(model).logits(), logits[i], (float) LOGITS_TOLERANCE, "face " + i);
        }
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("imagesWithFaces")
    void should_judge_every_face_and_take_the_most_fake_one_in_crop_mode(String model, FaceFixtures.Case golden) {
        Classification result = classifier(model, Mode.CROP, 32, 8).classify(Fixtures.bytes(golden.path()));

        List<FaceVerdict> judged = result.faces().judged();
        assertEquals(golden.faces().size(), judged.size());
        assertEquals(golden.faces().size(), result.faces().found());
        assertFalse(result.faces().wholeImage());
        double mostFake = 0;
        for (int i = 0; i < judged.size(); i++) {
            FaceFixtures.Judged expected = golden.faces().get(i).models().get(model);
            FaceVerdict actual = judged.get(i);
            assertEquals(expected.label(), actual.label(), "face " + i);
            expected.probabilities().forEach((label, p) -> assertEquals(p, actual.probabilities().get(label), LOGITS_TOLERANCE));
            mostFake = Math.max(mostFake, actual.score());
        }
        assertEquals(mostFake, result.verdict().score());
    }

    @Test
    void should_judge_the_whole_image_and_say_so_when_crop_finds_no_face() {
        byte[] noise = Fixtures.bytes(Fixtures.IMAGES.resolve("png-noise-200x200.png"));

        Classification off = classifier(Mode.OFF).classify(noise);
        Classification crop = classifier(Mode.CROP).classify(noise);

        assertNull(off.faces());
        assertTrue(crop.faces().wholeImage());
        assertEquals(0, crop.faces().found());
        assertEquals(off.verdict().label(), crop.verdict().label());
        assertEquals(off.verdict().probabilities(), crop.verdict().probabilities());
        assertEquals(off.verdict().model() + "+faces-crop", crop.verdict().model(),
                "the face mode is part of the model name, so a scan by faces does not take a whole-image marking as its own");
        assertEquals(crop.verdict().model(), classifier(Mode.CROP).modelName());
    }

    @Test
    void should_answer_no_face_when_require_finds_none() {
        ImageClassifier require = classifier(Mode.REQUIRE);
        byte[] gradient = Fixtures.bytes(Fixtures.IMAGES.resolve("png-gradient-300x200.png"));

        ClassificationResult result = require.classifyOrReport(gradient);

        assertEquals(ClassificationResult.NO_FACE, result.status());
        assertTrue(result.reason().startsWith("NO_FACE: no face of at least 32 pixels"), result.reason());
        assertNull(result.label());
        assertNull(result.score());
        assertEquals(0, result.faceCount());
        assertEquals(300, result.width());
        assertThrows(NoFaceException.class, () -> require.classify(gradient));
    }

    /**
     * The threat model: an uploader adds a face the model calls real to a fake image. The most fake face still decides.
     * The group's faces are both Real and Fake for the DeiT stand-in (see goldens.json).
     */
    @Test
    void should_keep_a_fake_image_fake_when_a_real_face_is_added() {
        ImageClassifier crop = classifier(Mode.CROP);
        RgbImage group = crop.decode(Fixtures.bytes(FaceFixtures.FACES.resolve("faces-group.png")));
        RgbImage astronaut = crop.decode(Fixtures.bytes(FaceFixtures.FACES.resolve("faces-astronaut.png")));
        Classification before = crop.classify(group, 0);
        assertEquals("Fake", before.verdict().label());
        assertEquals("Real", FaceFixtures.find("faces-astronaut.png").faces().get(0).models().get(DEIT).label());

        RgbImage withRealFace = paste(group, astronaut, new FaceBox(80, 20, 200, 140, 1), 30, 250);
        Classification after = crop.classify(withRealFace, 0);

        assertEquals(before.faces().found() + 1, after.faces().found(), "the added face is found");
        assertTrue(after.faces().judged().stream().anyMatch(face -> face.label().equals("Real") && face.box().top() > 240));
        assertEquals("Fake", after.verdict().label());
        assertEquals(before.verdict().score(), after.verdict().score(), 1e-9);
    }

    @Test
    void should_judge_at_most_max_faces_the_surest_first_and_count_the_rest() {
        byte[] group = Fixtures.bytes(FaceFixtures.FACES.resolve("faces-group.png"));
        List<FaceFixtures.Face> golden = FaceFixtures.find("faces-group.png").faces();

        FaceReport report = classifier(DEIT, Mode.CROP, 32, 2).classify(group).faces();

        assertEquals(5, report.found());
        assertEquals(2, report.judged().size());
        assertEquals(golden.get(0).score(), report.judged().get(0).box().detectionScore(), 1e-6);
        assertEquals(golden.get(1).score(), report.judged().get(1).box().detectionScore(), 1e-6);
    }

    @Test
    void should_ignore_faces_smaller_than_min_size() {
        byte[] group = Fixtures.bytes(FaceFixtures.FACES.resolve("faces-group.png"));
        long large = FaceFixtures.find("faces-group.png").faces().stream()
                .filter(face -> face.box().longerSide() >= 90).count();

        FaceReport report = classifier(DEIT, Mode.CROP, 90, 8).classify(group).faces();

        assertEquals(large, report.found());
        assertTrue(large > 0 && large < 5);
    }

    @Test
    void should_list_the_faces_in_the_json_answer() throws Exception {
        ClassificationResult result = classifier(Mode.CROP).classifyOrReport(
                Fixtures.bytes(FaceFixtures.FACES.resolve("faces-astronaut.png")));

        JsonNode json = new ObjectMapper().valueToTree(result);

        JsonNode face = json.get("faces").get("judged").get(0);
        assertEquals("crop", json.get("faces").get("mode").asText());
        assertEquals(1, json.get("faces").get("found").asInt());
        for (String field : List.of("left", "top", "right", "bottom", "detectionScore")) {
            assertTrue(face.get("box").has(field), field);
        }
        assertEquals(result.score(), face.get("score").asDouble());
        assertTrue(face.get("probabilities").has("Real"));
    }

    /** The same answer the GPU service gives (DynamicBatcherFacesTest), from the code both builds share. */
    @Test
    void should_say_the_whole_image_was_not_judged_when_require_finds_no_face() {
        byte[] noise = Fixtures.bytes(Fixtures.IMAGES.resolve("png-noise-200x200.png"));

        ClassificationResult noFace = classifier(Mode.REQUIRE).classifyOrReport(noise);

        JsonNode faces = new ObjectMapper().valueToTree(noFace).get("faces");
        assertEquals(ClassificationResult.NO_FACE, noFace.status());
        assertEquals("require", faces.get("mode").asText());
        assertEquals(0, faces.get("found").asInt());
        assertFalse(faces.get("wholeImage").asBoolean(true), faces.toString());
        assertEquals(0, faces.get("judged").size());
    }

    /** {@code image} with the {@code part} region of {@code source} pasted at (x, y). */
    private static RgbImage paste(RgbImage image, RgbImage source, FaceBox part, int x, int y) {
        byte[] pixels = image.pixels().clone();
        for (int row = 0; row < (int) part.height(); row++) {
            System.arraycopy(source.pixels(), (((int) part.top() + row) * source.width() + (int) part.left()) * 3,
                    pixels, ((y + row) * image.width() + x) * 3, (int) part.width() * 3);
        }
        return new RgbImage(image.width(), image.height(), pixels);
    }
}
