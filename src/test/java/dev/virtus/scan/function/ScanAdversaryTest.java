package dev.virtus.scan.function;

import static dev.virtus.scan.function.LambdaInvoker.invoke;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.s3.EmbeddedS3;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The uploader as adversary: forged metadata and tags, overwrites racing the scan, a full tag budget,
 * deletions and tag changes during the scan. Interleaved requests go to S3 at an exact point of the scan's
 * own exchange with it, so every race here is deterministic.
 */
@QuarkusTest
@TestProfile(ScanFunctionTest.ScanProfile.class)
@QuarkusTestResource(EmbeddedS3.class)
class ScanAdversaryTest {

    private static final String PLAIN = "adversary-plain";
    private static final String VERSIONED = "adversary-versioned";
    private static final String REAL_IMAGE = "png-rgb.png";
    private static final String FAKE_IMAGE = "png-224x224.png";

    private static S3Client s3;

    @BeforeAll
    static void createBuckets() {
        s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(PLAIN));
        s3.createBucket(b -> b.bucket(VERSIONED));
        s3.putBucketVersioning(b -> b.bucket(VERSIONED).versioningConfiguration(v -> v.status("Enabled")));
    }

    @AfterEach
    void clearFaults() {
        EmbeddedS3.faults().clearFaults();
    }

    private record Uploaded(String bucket, String key, String versionId, String eTag) {
        String event() {
            return S3Events.objectCreated("ObjectCreated:Put", bucket, key, versionId, 1000, eTag);
        }
    }

    private static byte[] image(String name) {
        return Fixtures.bytes(Fixtures.IMAGES.resolve(name));
    }

    private static String label(String image) {
        return Goldens.find("deit-tiny-standin", image).label().toUpperCase();
    }

    private static Uploaded upload(String bucket, String key, byte[] bytes, Map<String, String> metadata, Map<String, String> tags) {
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key).metadata(metadata), RequestBody.fromBytes(bytes));
        if (!tags.isEmpty()) {
            s3.putObjectTagging(b -> b.bucket(bucket).key(key).versionId(put.versionId()).tagging(t -> t.tagSet(tagSet(tags))));
        }
        return new Uploaded(bucket, key, put.versionId(), put.eTag());
    }

    private static List<Tag> tagSet(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static Map<String, String> tagsOf(String bucket, String key, String versionId) {
        Map<String, String> tags = new LinkedHashMap<>();
        s3.getObjectTagging(b -> b.bucket(bucket).key(key).versionId(versionId)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unquoted(String eTag) {
        return eTag.replace("\"", "");
    }

    /** The model name as the scanner writes it, from a scan of an object of this test's own. */
    private static String modelTag() {
        Uploaded probe = upload(PLAIN, "probe/model-name.png", image(REAL_IMAGE), Map.of(), Map.of());
        invoke(probe.event()).statusCode(200);
        return tagsOf(PLAIN, probe.key(), null).get("deepfake-model");
    }

    @Test
    void should_classify_an_upload_whose_metadata_claims_a_verdict() {
        byte[] fake = image(FAKE_IMAGE);
        String model = modelTag();
        PutObjectResponse put = s3.putObject(b -> b.bucket(PLAIN).key("forged/metadata.png"), RequestBody.fromBytes(fake));
        Map<String, String> forged = Map.of("deepfake-status", "REAL", "deepfake-model", model,
                "deepfake-content", "etag=" + unquoted(put.eTag()));
        Uploaded upload = upload(PLAIN, "forged/metadata.png", fake, forged, Map.of());

        invoke(upload.event()).statusCode(200).body("[0].status", equalTo("FAKE")).body("[0].recorded", equalTo(true));

        assertEquals("FAKE", tagsOf(PLAIN, upload.key(), null).get("deepfake-status"));
    }

    @Test
    void should_rescan_when_the_marking_names_other_content_another_model_or_an_error() {
        byte[] fake = image(FAKE_IMAGE);
        String model = modelTag();
        Uploaded upload = upload(PLAIN, "forged/tags.png", fake, Map.of(), Map.of());
        String content = "etag=" + unquoted(upload.eTag());
        List<Map<String, String>> notFinal = List.of(
                Map.of("deepfake-status", "REAL", "deepfake-model", model, "deepfake-content", "etag=0123456789abcdef0123456789abcdef"),
                Map.of("deepfake-status", "REAL", "deepfake-model", "another-model@0123456789ab", "deepfake-content", content),
                Map.of("deepfake-status", "ERROR", "deepfake-model", model, "deepfake-content", content),
                Map.of("deepfake-status", "REAL", "deepfake-model", model));
        for (Map<String, String> marking : notFinal) {
            s3.putObjectTagging(b -> b.bucket(PLAIN).key(upload.key()).tagging(t -> t.tagSet(tagSet(marking))));

            invoke(upload.event()).statusCode(200).body("[0].status", equalTo("FAKE"));

            assertEquals("FAKE", tagsOf(PLAIN, upload.key(), null).get("deepfake-status"), marking.toString());
        }
        invoke(upload.event()).statusCode(200)
                .body("[0].status", equalTo("SKIPPED"))
                .body("[0].reason", containsString("already marked FAKE by "));
    }

    @Test
    void should_write_nothing_when_an_unversioned_object_is_overwritten_between_read_and_write() {
        Uploaded real = upload(PLAIN, "race/read-write.png", image(REAL_IMAGE), Map.of(), Map.of("owner", "alice"));
        EmbeddedS3.faults().interleave(false, "GET", "/" + PLAIN + "/" + real.key(), "", "tagging",
                "PUT", "/" + PLAIN + "/" + real.key(), image(FAKE_IMAGE));

        invoke(real.event()).statusCode(200)
                .body("[0].status", equalTo("SKIPPED"))
                .body("[0].reason", containsString("changed or was deleted after it was read"));

        assertNull(tagsOf(PLAIN, real.key(), null).get("deepfake-status"), "the real image's verdict must not reach the fake");
        String fakeETag = s3.headObject(b -> b.bucket(PLAIN).key(real.key())).eTag();
        Uploaded fake = new Uploaded(PLAIN, real.key(), null, fakeETag);
        invoke(fake.event()).statusCode(200).body("[0].status", equalTo("FAKE"));
        assertEquals("FAKE", tagsOf(PLAIN, real.key(), null).get("deepfake-status"));

        invoke(real.event()).statusCode(200)
                .body("[0].status", equalTo("SKIPPED"))
                .body("[0].reason", containsString("newer content than the event announced"));
        assertEquals("FAKE", tagsOf(PLAIN, real.key(), null).get("deepfake-status"), "a late delivery of the first event changes nothing");
    }

    @Test
    void should_take_the_verdict_off_an_unversioned_object_overwritten_while_it_was_tagged() {
        Uploaded real = upload(PLAIN, "race/tag-write.png", image(REAL_IMAGE), Map.of(), Map.of());
        EmbeddedS3.faults().interleave(true, "PUT", "/" + PLAIN + "/" + real.key(), "tagging", "",
                "PUT", "/" + PLAIN + "/" + real.key(), image(FAKE_IMAGE));

        invoke(real.event()).statusCode(200)
                .body("[0].status", equalTo("SKIPPED"))
                .body("[0].reason", containsString("taken off the newer content"));

        assertNull(tagsOf(PLAIN, real.key(), null).get("deepfake-status"), "the real image's verdict must not stay on the fake");
        String fakeETag = s3.headObject(b -> b.bucket(PLAIN).key(real.key())).eTag();
        invoke(new Uploaded(PLAIN, real.key(), null, fakeETag).event()).statusCode(200).body("[0].status", equalTo("FAKE"));
        assertEquals("FAKE", tagsOf(PLAIN, real.key(), null).get("deepfake-status"));
    }

    @Test
    void should_mark_only_the_version_judged_when_a_versioned_object_is_overwritten_during_the_scan() {
        Uploaded real = upload(VERSIONED, "race/versioned.png", image(REAL_IMAGE), Map.of(), Map.of());
        EmbeddedS3.faults().interleave(true, "PUT", "/" + VERSIONED + "/" + real.key(), "tagging", "",
                "PUT", "/" + VERSIONED + "/" + real.key(), image(FAKE_IMAGE));

        invoke(real.event()).statusCode(200).body("[0].status", equalTo(label(REAL_IMAGE))).body("[0].recorded", equalTo(true));

        var fakeHead = s3.headObject(b -> b.bucket(VERSIONED).key(real.key()));
        assertTrue(!fakeHead.versionId().equals(real.versionId()), "the overwrite made a new version");
        assertEquals(label(REAL_IMAGE), tagsOf(VERSIONED, real.key(), real.versionId()).get("deepfake-status"));
        assertNull(tagsOf(VERSIONED, real.key(), fakeHead.versionId()).get("deepfake-status"), "the new version inherits nothing");
        invoke(new Uploaded(VERSIONED, real.key(), fakeHead.versionId(), fakeHead.eTag()).event()).statusCode(200)
                .body("[0].status", equalTo("FAKE"));
        assertEquals("FAKE", tagsOf(VERSIONED, real.key(), fakeHead.versionId()).get("deepfake-status"));
    }

    @Test
    void should_report_a_verdict_it_cannot_record_when_the_user_has_ten_tags() {
        Map<String, String> ten = new LinkedHashMap<>();
        for (int i = 1; i <= 10; i++) {
            ten.put("user-" + i, "v" + i);
        }
        Uploaded fake = upload(PLAIN, "crowded/ten-tags.png", image(FAKE_IMAGE), Map.of(), ten);

        invoke(fake.event()).statusCode(200)
                .body("[0].status", equalTo("FAKE"))
                .body("[0].recorded", equalTo(false))
                .body("[0].reason", containsString("no room for deepfake-status"));

        assertEquals(ten, tagsOf(PLAIN, fake.key(), null));
    }

    @Test
    void should_write_the_status_first_when_the_user_has_nine_tags() {
        Map<String, String> nine = new LinkedHashMap<>();
        for (int i = 1; i <= 9; i++) {
            nine.put("user-" + i, "v" + i);
        }
        Uploaded fake = upload(PLAIN, "crowded/nine-tags.png", image(FAKE_IMAGE), Map.of(), nine);

        invoke(fake.event()).statusCode(200)
                .body("[0].status", equalTo("FAKE"))
                .body("[0].recorded", equalTo(true))
                .body("[0].reason", containsString("no room for [deepfake-content, deepfake-model, deepfake-provenance, deepfake-score, deepfake-scanned-at]"));

        Map<String, String> tags = tagsOf(PLAIN, fake.key(), null);
        assertEquals(10, tags.size(), tags.toString());
        assertEquals("FAKE", tags.get("deepfake-status"));
    }

    @Test
    void should_skip_an_object_deleted_between_its_head_and_its_read() {
        Uploaded real = upload(PLAIN, "race/deleted.png", image(REAL_IMAGE), Map.of(), Map.of());
        EmbeddedS3.faults().interleave(true, "GET", "/" + PLAIN + "/" + real.key(), "", "tagging",
                "DELETE", "/" + PLAIN + "/" + real.key(), new byte[0]);

        invoke(real.event()).statusCode(200)
                .body("[0].status", equalTo("SKIPPED"))
                .body("[0].reason", equalTo("the object no longer exists (deleted while it was read)"));
    }

    @Test
    void should_keep_a_tag_the_user_adds_during_the_scan() {
        Uploaded real = upload(PLAIN, "race/user-tags.png", image(REAL_IMAGE), Map.of(), Map.of("owner", "alice"));
        String tagging = "<Tagging><TagSet><Tag><Key>owner</Key><Value>alice</Value></Tag>"
                + "<Tag><Key>reviewed</Key><Value>yes</Value></Tag></TagSet></Tagging>";
        EmbeddedS3.faults().interleave(false, "GET", "/" + PLAIN + "/" + real.key(), "", "tagging",
                "PUT", "/" + PLAIN + "/" + real.key() + "?tagging", tagging.getBytes(StandardCharsets.UTF_8));

        invoke(real.event()).statusCode(200).body("[0].status", equalTo(label(REAL_IMAGE)));

        Map<String, String> tags = tagsOf(PLAIN, real.key(), null);
        assertEquals("alice", tags.get("owner"));
        assertEquals("yes", tags.get("reviewed"), "the user's change made during the scan is kept");
        assertEquals(label(REAL_IMAGE), tags.get("deepfake-status"));
        assertTrue(tags.get("deepfake-content").startsWith("sha256=" + sha256(image(REAL_IMAGE)) + " mac="), tags.toString());
    }

    @Test
    void should_skip_objects_smaller_than_min_bytes_without_reading_them() {
        Uploaded empty = upload(PLAIN, "empty/zero.png", new byte[0], Map.of(), Map.of());

        invoke(empty.event()).statusCode(200)
                .body("[0].status", equalTo("SKIPPED"))
                .body("[0].reason", equalTo("smaller than virtus.scan.min-bytes (1)"))
                .body("[0].recorded", nullValue());

        assertEquals(Map.of(), tagsOf(PLAIN, empty.key(), null));
    }
}
