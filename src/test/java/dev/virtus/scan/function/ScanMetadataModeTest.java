package dev.virtus.scan.function;

import static dev.virtus.scan.function.LambdaInvoker.invoke;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
