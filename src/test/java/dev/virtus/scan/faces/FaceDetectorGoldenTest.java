package dev.virtus.scan.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.decode.ImageDecoder;
import dev.virtus.scan.decode.RgbImage;
import dev.virtus.scan.model.ModelBundleReader;

/** The Java detector against the Python reference (model/face_detector.py) on the face fixtures and faceless ones. */
class FaceDetectorGoldenTest {

    /** The bar the issue sets; measured: the boxes are bit-identical to Python's (ONNX Runtime 1.29 Java, 1.30 Python). */
    private static final double MIN_IOU = 0.9;
    private static final double SCORE_TOLERANCE = 1e-4;

    @TempDir
    static Path export;

    private static FaceDetector detector;

    @BeforeAll
    static void loadDetector() {
        FaceFixtures.exportWithFaces(Fixtures.MODELS.resolve("deit-tiny-standin"), export);
        detector = new FaceDetector(ModelBundleReader.read(export, "model.onnx", Optional.empty()).faceDetector(), 1);
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    static Stream<FaceFixtures.Case> cases() {
        return FaceFixtures.golden().cases().stream();
    }

    private static RgbImage decode(Path file) {
        return new ImageDecoder(new DecodeLimits(20_000_000, 40_000_000)).decode(Fixtures.bytes(file));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_find_the_faces_the_python_reference_finds(FaceFixtures.Case golden) {
        List<FaceBox> faces = detector.detect(decode(golden.path()));

        assertEquals(golden.faces().size(), faces.size(), () -> "faces found: " + faces);
        for (int i = 0; i < faces.size(); i++) {
            FaceBox expected = golden.faces().get(i).box();
            FaceBox actual = faces.get(i);
            double iou = expected.iou(actual);
            assertTrue(iou >= MIN_IOU, "face " + i + ": IoU " + iou + " between " + expected + " and " + actual);
            assertEquals(expected.detectionScore(), actual.detectionScore(), SCORE_TOLERANCE, "face " + i);
            System.out.printf("%s face %d: IoU with Python %.6f, max corner difference %.2e px%n", golden, i, iou,
                    Math.max(Math.max(Math.abs(expected.left() - actual.left()), Math.abs(expected.top() - actual.top())),
                            Math.max(Math.abs(expected.right() - actual.right()), Math.abs(expected.bottom() - actual.bottom()))));
        }
    }

    @Test
    void should_find_no_face_in_the_noise_and_gradient_fixtures() {
        assertEquals(List.of(), detector.detect(decode(Fixtures.IMAGES.resolve("png-noise-200x200.png"))));
        assertEquals(List.of(), detector.detect(decode(Fixtures.IMAGES.resolve("png-gradient-300x200.png"))));
    }

    @Test
    void should_find_every_face_of_the_group() {
        assertEquals(5, detector.detect(decode(FaceFixtures.FACES.resolve("faces-group.png"))).size());
    }

    @Test
    void should_take_a_1x1_and_a_40x1000_image_in_its_stride() {
        assertEquals(List.of(), detector.detect(decode(Fixtures.IMAGES.resolve("png-1x1.png"))));
        assertEquals(List.of(), detector.detect(decode(Fixtures.IMAGES.resolve("png-tall-40x1000.png"))));
    }
}
