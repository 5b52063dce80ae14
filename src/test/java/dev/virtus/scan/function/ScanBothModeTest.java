package dev.virtus.scan.function;

import static dev.virtus.scan.function.LambdaInvoker.invoke;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
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
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;

@QuarkusTest
@TestProfile(ScanBothModeTest.BothProfile.class)
@QuarkusTestResource(EmbeddedS3.class)
class ScanBothModeTest {

    public static class BothProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "scan", "virtus.write-mode", "both");
        }
    }

    private static final String BUCKET = "both-mode";

    @Test
    void should_write_tags_and_metadata_keep_the_object_and_skip_its_own_copy_by_its_tags() {
        S3Client s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        byte[] fake = Fixtures.bytes(Fixtures.IMAGES.resolve("png-224x224.png"));
        String key = "uploads/fake.png";
        var put = s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("image/png").metadata(Map.of("uploader", "bob"))
                .storageClass(StorageClass.STANDARD_IA).serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(fake));
        s3.putObjectTagging(b -> b.bucket(BUCKET).key(key).versionId(put.versionId())
                .tagging(t -> t.tagSet(Tag.builder().key("owner").value("bob").build())));

        invoke(S3Events.objectCreated("ObjectCreated:Put", BUCKET, key, put.versionId(), fake.length, put.eTag()))
                .statusCode(200).body("[0].status", equalTo("FAKE")).body("[0].recorded", equalTo(true));

        HeadObjectResponse marked = s3.headObject(b -> b.bucket(BUCKET).key(key));
        assertEquals("FAKE", marked.metadata().get("deepfake-status"));
        assertEquals("bob", marked.metadata().get("uploader"));
        assertEquals("image/png", marked.contentType());
        assertEquals(StorageClass.STANDARD_IA, marked.storageClass());
        assertEquals(ServerSideEncryption.AES256, marked.serverSideEncryption());
        Map<String, String> tags = new LinkedHashMap<>();
        s3.getObjectTagging(b -> b.bucket(BUCKET).key(key).versionId(marked.versionId())).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        assertEquals("bob", tags.get("owner"));
        assertEquals("FAKE", tags.get("deepfake-status"));
        assertTrue(tags.get("deepfake-content").startsWith("version=" + marked.versionId() + " mac="), "the copy's tags name the copy: " + tags);
        assertArrayEquals(fake, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());

        int requestsBefore = EmbeddedS3.faults().requests().size();
        invoke(S3Events.objectCreated("ObjectCreated:Copy", BUCKET, key, marked.versionId(), fake.length, marked.eTag()))
                .statusCode(200)
                .body("[0].status", equalTo("SKIPPED"))
                .body("[0].reason", containsString("already marked FAKE by "));
        List<String> after = EmbeddedS3.faults().requests().subList(requestsBefore, EmbeddedS3.faults().requests().size());
        assertEquals(List.of(), after.stream().filter(r -> r.startsWith("PUT")).toList(), "the own copy's event must write nothing");
        assertEquals(List.of(), after.stream().filter(r -> r.startsWith("GET") && !r.contains("tagging")).toList(),
                "the own copy is recognised by its tags, without reading or classifying it");
    }
}
