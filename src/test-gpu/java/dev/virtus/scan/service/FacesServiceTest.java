package dev.virtus.scan.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.Await;
import dev.virtus.scan.Fixtures;
import dev.virtus.scan.faces.FaceFixtures;
import dev.virtus.scan.function.S3Events;
import dev.virtus.scan.s3.EmbeddedS3;
import dev.virtus.scan.service.sqs.EmbeddedSqs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.response.ValidatableResponse;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The GPU service with {@code virtus.faces.mode=require}, as it runs: the detector loaded with the model, and
 * {@code POST /classify} and the queue worker answering and tagging as the Lambda {@code classify} and {@code scan}
 * do: the faces with their boxes and verdicts, {@code NO_FACE} for an image without one, the face count and the
 * {@code +faces-require} model in the tags.
 */
@QuarkusTest
@TestProfile(FacesServiceTest.RequireProfile.class)
@QuarkusTestResource(value = EmbeddedS3.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = EmbeddedSqs.class, restrictToAnnotatedClass = true)
class FacesServiceTest {

    public static class RequireProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "virtus.faces.mode", "require",
                    "virtus.model.location", FaceFixtures.exportWithFaces(MODEL),
                    "virtus.batch.max-delay", "100ms");
        }
    }

    private static final String MODEL = "deit-tiny-standin";
    private static final String BUCKET = "face-uploads";
    private static final double BOX_TOLERANCE = 1e-9;
    private static final double PROBABILITY_TOLERANCE = 1e-4;

    private static S3Client s3;

    @BeforeAll
    static void createBucket() {
        s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @BeforeEach
    void awaitModel() throws InterruptedException {
        Await.until("the model and its face detector are loaded", Duration.ofSeconds(60), () -> given().get("/q/health/ready").statusCode() == 200);
    }

    private static ValidatableResponse classify(Path image) {
        // doubles as doubles: the boxes are compared to the last bits
        return given().config(RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE)))
                .contentType("application/json")
                .body("{\"imageBase64\": \"" + Base64.getEncoder().encodeToString(Fixtures.bytes(image)) + "\"}")
                .post("/classify").then().statusCode(200);
    }

    private static double metric(String name, String... labels) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(name + "{") && List.of(labels).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void should_answer_classify_with_the_faces_of_the_image_as_the_lambda_does() {
        FaceFixtures.Case golden = FaceFixtures.find("faces-group.png");
        double mostFake = golden.faces().stream().mapToDouble(f -> f.models().get(MODEL).probabilities().get("Fake")).max().orElseThrow();

        ValidatableResponse answer = classify(golden.path())
                .body("status", equalTo("FAKE"))
                .body("score", closeTo(mostFake, PROBABILITY_TOLERANCE))
                .body("model", startsWith("stand-in/deit-tiny@"))
                .body("model", endsWith("+faces-require"))
                .body("faces.mode", equalTo("require"))
                .body("faces.found", equalTo(5))
                .body("faces.wholeImage", equalTo(false))
                .body("faces.judged", hasSize(5));
        for (int i = 0; i < golden.faces().size(); i++) {
            FaceFixtures.Face face = golden.faces().get(i);
            String at = "faces.judged[" + i + "].";
            answer.body(at + "box.left", closeTo(face.left(), BOX_TOLERANCE))
                    .body(at + "box.bottom", closeTo(face.bottom(), BOX_TOLERANCE))
                    .body(at + "box.detectionScore", closeTo(face.score(), BOX_TOLERANCE))
                    .body(at + "label", equalTo(face.models().get(MODEL).label()))
                    .body(at + "probabilities.Fake", closeTo(face.models().get(MODEL).probabilities().get("Fake"), PROBABILITY_TOLERANCE));
        }
    }

    @Test
    void should_answer_no_face_without_inference_and_count_it() {
        double noFaces = metric("virtus_classify_requests_total", "outcome=\"no-face\"", "source=\"http\"");
        double batches = metric("virtus_batch_size_count");

        classify(Fixtures.IMAGES.resolve("png-noise-200x200.png"))
                .body("status", equalTo("NO_FACE"))
                .body("score", nullValue())
                .body("reason", startsWith("NO_FACE: no face of at least 32 pixels"))
                .body("faces.found", equalTo(0))
                .body("model", endsWith("+faces-require"));

        assertEquals(1, metric("virtus_classify_requests_total", "outcome=\"no-face\"", "source=\"http\"") - noFaces);
        assertEquals(batches, metric("virtus_batch_size_count"), "no ONNX Runtime call for an image without a face");
    }

    @Test
    void should_tag_queued_uploads_with_the_face_count_and_the_face_mode() throws InterruptedException {
        FaceFixtures.Case group = FaceFixtures.find("faces-group.png");
        double mostFake = group.faces().stream().mapToDouble(f -> f.models().get(MODEL).probabilities().get("Fake")).max().orElseThrow();
        Map<String, Path> uploads = Map.of("photos/group.png", group.path(), "photos/noise.png", Fixtures.IMAGES.resolve("png-noise-200x200.png"));
        try (SqsClient sqs = EmbeddedSqs.client()) {
            uploads.forEach((key, image) -> {
                byte[] bytes = Fixtures.bytes(image);
                String eTag = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes)).eTag();
                sqs.sendMessage(b -> b.queueUrl(EmbeddedSqs.queueUrl())
                        .messageBody(S3Events.objectCreated("ObjectCreated:Put", BUCKET, key, null, bytes.length, eTag)));
            });
        }

        Await.until("the queue is empty", Duration.ofSeconds(60), () -> EmbeddedSqs.messagesLeft() == 0);

        Map<String, String> faces = EmbeddedS3.tags(s3, BUCKET, "photos/group.png");
        assertEquals("FAKE", faces.get("deepfake-status"), faces.toString());
        assertEquals(mostFake, Double.parseDouble(faces.get("deepfake-score")), PROBABILITY_TOLERANCE);
        assertEquals("5", faces.get("deepfake-faces"), faces.toString());
        assertTrue(faces.get("deepfake-model").startsWith("stand-in/deit-tiny@"), faces.toString());
        assertTrue(faces.get("deepfake-model").endsWith("+faces-require"), faces.toString());
        Map<String, String> noFace = EmbeddedS3.tags(s3, BUCKET, "photos/noise.png");
        assertEquals("NO_FACE", noFace.get("deepfake-status"), noFace.toString());
        assertFalse(noFace.containsKey("deepfake-score"), noFace.toString());
        assertEquals("0", noFace.get("deepfake-faces"), noFace.toString());
        assertTrue(noFace.get("deepfake-model").endsWith("+faces-require"), noFace.toString());
    }
}
