package dev.virtus.scan.function;

import static dev.virtus.scan.function.LambdaInvoker.invoke;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.faces.FaceFixtures;
import dev.virtus.scan.s3.EmbeddedS3;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * {@code scan} with {@code virtus.faces.mode=require}, through the Lambda mock event server against S3Mock: the tags
 * carry the verdict of the most fake face, the number of faces found and the face mode in the model's name; an image
 * without a face is marked {@code NO_FACE}, with no score.
 */
@QuarkusTest
@TestProfile(ScanFacesFunctionTest.RequireProfile.class)
@QuarkusTestResource(EmbeddedS3.class)
class ScanFacesFunctionTest {

    public static class RequireProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.funqy.export", "scan",
                    "virtus.faces.mode", "require",
                    "virtus.model.location", FaceFixtures.exportWithFaces(MODEL));
        }
    }

    private static final String MODEL = "deit-tiny-standin";
    private static final String BUCKET = "face-uploads";

    private static S3Client s3;

    @BeforeAll
    static void createBucket() {
        s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    private static String upload(String key, Path image) {
        byte[] bytes = Fixtures.bytes(image);
        PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("image/png"), RequestBody.fromBytes(bytes));
        return S3Events.objectCreated("ObjectCreated:Put", BUCKET, key, put.versionId(), bytes.length, put.eTag());
    }

    @Test
    void should_tag_the_most_fake_face_and_the_number_of_faces() {
        FaceFixtures.Case golden = FaceFixtures.find("faces-group.png");
        double mostFake = golden.faces().stream().mapToDouble(f -> f.models().get(MODEL).probabilities().get("Fake")).max().orElseThrow();

        invoke(upload("photos/group (5 faces).png", golden.path()))
                .statusCode(200)
                .body("[0].status", equalTo("FAKE"))
                .body("[0].score", closeTo(mostFake, 1e-4))
                .body("[0].model", endsWith("+faces-require"));

        Map<String, String> tags = EmbeddedS3.tags(s3, BUCKET, "photos/group (5 faces).png");
        assertEquals("FAKE", tags.get("deepfake-status"));
        assertEquals(mostFake, Double.parseDouble(tags.get("deepfake-score")), 1e-4);
        assertEquals("5", tags.get("deepfake-faces"), tags.toString());
        assertTrue(tags.get("deepfake-model").startsWith("stand-in/deit-tiny@"), tags.toString());
        assertTrue(tags.get("deepfake-model").endsWith("+faces-require"), tags.toString());
    }

    @Test
    void should_tag_an_image_without_a_face_no_face_with_no_score() {
        invoke(upload("photos/noise.png", Fixtures.IMAGES.resolve("png-noise-200x200.png")))
                .statusCode(200)
                .body("[0].status", equalTo("NO_FACE"))
                .body("[0].score", nullValue())
                .body("[0].reason", containsString("no face of at least 32 pixels"));

        Map<String, String> tags = EmbeddedS3.tags(s3, BUCKET, "photos/noise.png");
        assertEquals("NO_FACE", tags.get("deepfake-status"));
        assertFalse(tags.containsKey("deepfake-score"), tags.toString());
        assertEquals("0", tags.get("deepfake-faces"), tags.toString());
        assertTrue(tags.get("deepfake-model").endsWith("+faces-require"), tags.toString());
    }
}
