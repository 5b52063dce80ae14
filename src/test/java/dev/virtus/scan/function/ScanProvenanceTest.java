package dev.virtus.scan.function;

import static dev.virtus.scan.function.LambdaInvoker.invoke;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.s3.EmbeddedS3;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code scan} with {@code virtus.provenance.policy=declared-ai-is-fake} and the test CA as trust anchor. */
@QuarkusTest
@TestProfile(ScanProvenanceTest.DeclaredAiIsFake.class)
@QuarkusTestResource(EmbeddedS3.class)
class ScanProvenanceTest {

    public static class DeclaredAiIsFake implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "scan",
                    "virtus.provenance.policy", "declared-ai-is-fake",
                    "virtus.provenance.trust-anchors", Fixtures.ROOT.resolve("c2pa/test-anchors.pem").toAbsolutePath().toString());
        }
    }

    private static final String BUCKET = "provenance";

    @Test
    void should_mark_fake_by_provenance_and_tag_the_summary_when_a_valid_manifest_declares_ai() {
        Map<String, String> tags = scan("uploads/generated.jpg", "jpeg-ai-created.jpg", "FAKE", "provenance");

        assertEquals("FAKE", tags.get("deepfake-status"));
        assertEquals("ai-declared", tags.get("deepfake-provenance"));
    }

    @Test
    void should_keep_the_models_verdict_and_tag_camera_signed_when_a_capture_is_signed() {
        Map<String, String> tags = scan("uploads/camera.jpg", "jpeg-camera-capture.jpg", null, null);

        assertEquals("camera-signed", tags.get("deepfake-provenance"));
    }

    private static Map<String, String> scan(String key, String fixture, String status, String decidedBy) {
        S3Client s3 = EmbeddedS3.client();
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
        byte[] image = Fixtures.bytes(Fixtures.ROOT.resolve("c2pa").resolve(fixture));
        var put = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(image));

        var answer = invoke(S3Events.objectCreated("ObjectCreated:Put", BUCKET, key, null, image.length, put.eTag()))
                .statusCode(200).body("[0].recorded", equalTo(true));
        if (status != null) {
            answer.body("[0].status", equalTo(status)).body("[0].decidedBy", equalTo(decidedBy));
        } else {
            answer.body("[0].decidedBy", equalTo(null)).body("[0].status", not(equalTo("ERROR")));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        s3.getObjectTagging(b -> b.bucket(BUCKET).key(key)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }
}
