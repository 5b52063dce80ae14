package dev.virtus.scan.function;

import static dev.virtus.scan.function.LambdaInvoker.invoke;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.faces.FaceFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * {@code classify} with {@code virtus.faces.mode=crop}, through the Lambda mock event server: each face found is judged
 * as the Python reference detector and the Hugging Face pipeline judge its crop ({@code faces/goldens.json}), the most
 * fake face is the image's verdict, and an image without a face is judged whole and says so.
 */
@QuarkusTest
@TestProfile(ClassifyFacesFunctionTest.CropProfile.class)
class ClassifyFacesFunctionTest {

    public static class CropProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.funqy.export", "classify",
                    "virtus.faces.mode", "crop",
                    "virtus.model.location", FaceFixtures.exportWithFaces(MODEL));
        }
    }

    private static final String MODEL = "deit-tiny-standin";
    /** The detector's boxes equal the Python reference's; this leaves room for the last bit of a double. */
    private static final double BOX_TOLERANCE = 1e-9;
    private static final double PROBABILITY_TOLERANCE = 1e-4;

    private static ValidatableResponse classify(java.nio.file.Path image) {
        return invoke("{\"imageBase64\": \"" + Base64.getEncoder().encodeToString(Fixtures.bytes(image)) + "\"}").statusCode(200);
    }

    @Test
    void should_judge_every_face_of_the_group_and_take_the_most_fake_one() {
        FaceFixtures.Case golden = FaceFixtures.find("faces-group.png");
        List<FaceFixtures.Face> faces = golden.faces();
        // the third surest face is the most fake for the DeiT stand-in (0.5896)
        FaceFixtures.Judged mostFake = faces.get(2).models().get(MODEL);

        ValidatableResponse answer = classify(golden.path())
                .body("status", equalTo("FAKE"))
                .body("label", equalTo("Fake"))
                .body("score", closeTo(mostFake.probabilities().get("Fake"), PROBABILITY_TOLERANCE))
                .body("model", endsWith("+faces-crop"))
                .body("width", equalTo(golden.width()))
                .body("height", equalTo(golden.height()))
                .body("faces.mode", equalTo("crop"))
                .body("faces.found", equalTo(5))
                .body("faces.wholeImage", equalTo(false))
                .body("faces.judged", hasSize(5));
        for (int i = 0; i < faces.size(); i++) {
            FaceFixtures.Face face = faces.get(i);
            FaceFixtures.Judged judged = face.models().get(MODEL);
            String at = "faces.judged[" + i + "].";
            answer.body(at + "box.left", closeTo(face.left(), BOX_TOLERANCE))
                    .body(at + "box.top", closeTo(face.top(), BOX_TOLERANCE))
                    .body(at + "box.right", closeTo(face.right(), BOX_TOLERANCE))
                    .body(at + "box.bottom", closeTo(face.bottom(), BOX_TOLERANCE))
                    .body(at + "box.detectionScore", closeTo(face.score(), BOX_TOLERANCE))
                    .body(at + "label", equalTo(judged.label()))
                    .body(at + "score", closeTo(judged.probabilities().get("Fake"), PROBABILITY_TOLERANCE))
                    .body(at + "probabilities.Real", closeTo(judged.probabilities().get("Real"), PROBABILITY_TOLERANCE))
                    .body(at + "probabilities.Fake", closeTo(judged.probabilities().get("Fake"), PROBABILITY_TOLERANCE));
        }
    }

    @Test
    void should_judge_a_single_real_face_real() {
        FaceFixtures.Case golden = FaceFixtures.find("faces-astronaut.png");
        FaceFixtures.Face face = golden.faces().get(0);

        classify(golden.path())
                .body("status", equalTo("REAL"))
                .body("score", closeTo(face.models().get(MODEL).probabilities().get("Fake"), PROBABILITY_TOLERANCE))
                .body("faces.found", equalTo(1))
                .body("faces.judged[0].box.left", closeTo(face.left(), BOX_TOLERANCE))
                .body("faces.judged[0].box.detectionScore", closeTo(face.score(), BOX_TOLERANCE));
    }

    @Test
    void should_judge_the_whole_image_and_say_so_when_there_is_no_face() {
        Goldens.Case whole = Goldens.find(MODEL, "png-noise-200x200.png");

        classify(whole.imagePath())
                .body("status", equalTo(whole.label().toUpperCase()))
                .body("score", closeTo(whole.probabilities().get("Fake"), PROBABILITY_TOLERANCE))
                .body("faces.mode", equalTo("crop"))
                .body("faces.found", equalTo(0))
                .body("faces.wholeImage", equalTo(true))
                .body("faces.judged", empty());
    }
}
