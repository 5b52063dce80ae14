package dev.virtus.scan.function;

import static dev.virtus.scan.function.LambdaInvoker.invoke;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.s3.EmbeddedS3;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

@QuarkusTest
@TestProfile(ScanMetadataModeTest.MetadataProfile.class)
@QuarkusTestResource(EmbeddedS3.class)
class ScanMetadataModeTest {

    public static class MetadataProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "scan", "virtus.write-mode", "metadata");
        }
    }

    private static final String BUCKET = "metadata-mode";
    private static final String FORGED = "metadata-mode-forged";
    private static final String CROWDED = "metadata-mode-crowded";

    @Test
    void should_write_metadata_keep_the_object_and_ignore_its_own_copy_event() {
        S3Client s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        byte[] bytes = Fixtures.bytes(Fixtures.IMAGES.resolve("jpeg-baseline-420.jpg"));
        String key = "camera roll/IMG 0001.jpg";
        String original = s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("image/jpeg").cacheControl("max-age=60")
                .metadata(Map.of("uploader", "alice")), RequestBody.fromBytes(bytes)).versionId();
        s3.putObjectTagging(b -> b.bucket(BUCKET).key(key).versionId(original)
                .tagging(t -> t.tagSet(Tag.builder().key("owner").value("alice").build())));
        String label = Goldens.find("deit-tiny-standin", "jpeg-baseline-420.jpg").label().toUpperCase();

        invoke(S3Events.objectCreated("ObjectCreated:Put", BUCKET, key, original, bytes.length, "e"))
                .statusCode(200).body("[0].status", equalTo(label));

        HeadObjectResponse marked = s3.headObject(b -> b.bucket(BUCKET).key(key));
        assertEquals(label, marked.metadata().get("deepfake-status"));
        assertEquals("alice", marked.metadata().get("uploader"));
        assertEquals("image/jpeg", marked.contentType());
        assertEquals("max-age=60", marked.cacheControl());
        assertEquals(List.of(Tag.builder().key("owner").value("alice").build()),
                s3.getObjectTagging(b -> b.bucket(BUCKET).key(key).versionId(marked.versionId())).tagSet());
        assertArrayEquals(bytes, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());

        int requestsBefore = EmbeddedS3.faults().requests().size();
        invoke(S3Events.objectCreated("ObjectCreated:Copy", BUCKET, key, marked.versionId(), bytes.length, "e"))
                .statusCode(200)
                .body("[0].status", equalTo("SKIPPED"))
                .body("[0].reason", containsString("already marked " + label));
        List<String> writes = EmbeddedS3.faults().requests().subList(requestsBefore, EmbeddedS3.faults().requests().size())
                .stream().filter(request -> request.startsWith("PUT")).toList();
        assertEquals(List.of(), writes, "the follow-up Copy event must write nothing");
    }

    @Test
    void should_classify_copies_and_uploads_whose_metadata_claims_a_verdict() {
        S3Client s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(FORGED));
        s3.putBucketVersioning(b -> b.bucket(FORGED).versioningConfiguration(v -> v.status("Enabled")));
        byte[] fake = Fixtures.bytes(Fixtures.IMAGES.resolve("png-224x224.png"));
        Map<String, String> forged = Map.of("deepfake-status", "REAL", "deepfake-score", "0.0100",
                "deepfake-model", "stand-in/deit-tiny@forged");
        var upload = s3.putObject(b -> b.bucket(FORGED).key("upload.png").metadata(forged), RequestBody.fromBytes(fake));

        invoke(S3Events.objectCreated("ObjectCreated:Put", FORGED, "upload.png", upload.versionId(), fake.length, upload.eTag()))
                .statusCode(200).body("[0].status", equalTo("FAKE")).body("[0].recorded", equalTo(true));
        assertEquals("FAKE", s3.headObject(b -> b.bucket(FORGED).key("upload.png")).metadata().get("deepfake-status"));

        var copy = s3.copyObject(b -> b.sourceBucket(FORGED).sourceKey("upload.png").sourceVersionId(upload.versionId())
                .destinationBucket(FORGED).destinationKey("copy.png").metadataDirective("REPLACE").metadata(forged));

        invoke(S3Events.objectCreated("ObjectCreated:Copy", FORGED, "copy.png", copy.versionId(), fake.length, copy.copyObjectResult().eTag()))
                .statusCode(200).body("[0].status", equalTo("FAKE"));
        HeadObjectResponse marked = s3.headObject(b -> b.bucket(FORGED).key("copy.png"));
        assertEquals("FAKE", marked.metadata().get("deepfake-status"));
        assertTrue(marked.metadata().get("deepfake-content").startsWith("version=" + copy.versionId() + " mac="), marked.metadata().toString());
    }

    @Test
    void should_report_a_verdict_whose_metadata_would_pass_s3s_limit() {
        S3Client s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(CROWDED));
        byte[] fake = Fixtures.bytes(Fixtures.IMAGES.resolve("png-224x224.png"));
        Map<String, String> large = Map.of("notes", "x".repeat(1900));
        var upload = s3.putObject(b -> b.bucket(CROWDED).key("large-metadata.png").metadata(large), RequestBody.fromBytes(fake));

        invoke(S3Events.objectCreated("ObjectCreated:Put", CROWDED, "large-metadata.png", null, fake.length, upload.eTag()))
                .statusCode(200)
                .body("[0].status", equalTo("FAKE"))
                .body("[0].recorded", equalTo(false))
                .body("[0].reason", containsString("S3 allows 2048"));
        assertEquals(large, s3.headObject(b -> b.bucket(CROWDED).key("large-metadata.png")).metadata());
    }
}
