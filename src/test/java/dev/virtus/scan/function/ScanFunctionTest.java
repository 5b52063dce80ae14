package dev.virtus.scan.function;

import static dev.virtus.scan.function.LambdaInvoker.invoke;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.FrameGoldens;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.s3.EmbeddedS3;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

@QuarkusTest
@TestProfile(ScanFunctionTest.ScanProfile.class)
@QuarkusTestResource(EmbeddedS3.class)
class ScanFunctionTest {

    public static class ScanProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.funqy.export", "scan",
                    "virtus.decode.max-bytes", "200000",
                    "virtus.scan.exclude-prefixes", "thumbnails/");
        }
    }

    private static final String BUCKET = "uploads";
    private static final Map<String, String> USER_TAGS = Map.of("owner", "alice", "project", "launch v2");
    private static final List<String> IMAGES = List.of("png-rgb.png", "jpeg-baseline-420.jpg", "jpeg-cmyk.jpg",
            "gif-offset-frame.gif", "webp-lossless.webp", "jpeg-exif-orientation-6.jpg");

    private static S3Client s3;

    @BeforeAll
    static void createBucket() {
        s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
    }

    @AfterEach
    void clearFaults() {
        EmbeddedS3.faults().clearFaults();
    }

    private record Uploaded(String key, String versionId, String eTag, byte[] bytes) {
        String event() {
            return S3Events.objectCreated("ObjectCreated:Put", BUCKET, key, versionId, bytes.length, eTag);
        }
    }

    private static Uploaded upload(String key, byte[] bytes, Map<String, String> tags) {
        PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("image/png"), RequestBody.fromBytes(bytes));
        if (!tags.isEmpty()) {
            List<Tag> tagSet = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
            s3.putObjectTagging(b -> b.bucket(BUCKET).key(key).versionId(put.versionId()).tagging(t -> t.tagSet(tagSet)));
        }
        return new Uploaded(key, put.versionId(), put.eTag(), bytes);
    }

    private static Map<String, String> tagsOf(Uploaded object) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : s3.getObjectTagging(b -> b.bucket(BUCKET).key(object.key()).versionId(object.versionId())).tagSet()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }

    private static Goldens.Case golden(String image) {
        return Goldens.find("deit-tiny-standin", image);
    }

    @Test
    void should_tag_an_animated_image_with_its_most_fake_frames_verdict() {
        FrameGoldens.Animated golden = FrameGoldens.find("gif-real-then-fake.gif");
        Uploaded image = upload("uploads/real for 20 ms then fake.gif", golden.bytes(), USER_TAGS);

        invoke(image.event()).statusCode(200).body("[0].status", equalTo("FAKE"));

        Map<String, String> tags = tagsOf(image);
        assertEquals("FAKE", tags.get("deepfake-status"));
        assertEquals(golden.frames().get(golden.mostFake()).fake(), Double.parseDouble(tags.get("deepfake-score")), 1e-4);
    }

    @Test
    void should_tag_every_image_with_the_golden_verdict_and_keep_everything_else() {
        List<Uploaded> images = new ArrayList<>();
        images.add(upload("uploads/my photo (1).png", Fixtures.bytes(Fixtures.IMAGES.resolve(IMAGES.get(0))), USER_TAGS));
        for (int i = 1; i < IMAGES.size(); i++) {
            images.add(upload("uploads/face " + i + " (" + IMAGES.get(i) + ")", Fixtures.bytes(Fixtures.IMAGES.resolve(IMAGES.get(i))), USER_TAGS));
        }
        Uploaded text = upload("uploads/notes (draft).png", "not an image at all".getBytes(), USER_TAGS);
        byte[] large = new byte[250_000];
        new Random(7).nextBytes(large);
        Uploaded oversized = upload("uploads/huge.png", large, USER_TAGS);
        Uploaded deleted = upload("uploads/gone soon.png", Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")), USER_TAGS);
        s3.deleteObject(b -> b.bucket(BUCKET).key(deleted.key()).versionId(deleted.versionId()));

        // the first event is the committed fixture with its literally encoded key
        invoke(S3Events.read("object-created-put.json").replace("${bucket}", BUCKET)
                .replace("${versionId}", images.get(0).versionId()).replace("${size}", "" + images.get(0).bytes().length)
                .replace("${eTag}", images.get(0).eTag().replace("\"", "")))
                .statusCode(200)
                .body("[0].key", equalTo("uploads/my photo (1).png"))
                .body("[0].versionId", equalTo(images.get(0).versionId()));
        for (Uploaded image : images.subList(1, images.size())) {
            invoke(image.event()).statusCode(200).body("[0].status", equalTo(golden(IMAGES.get(images.indexOf(image))).label().toUpperCase()));
        }
        invoke(text.event()).statusCode(200).body("[0].status", equalTo("UNSUPPORTED")).body("[0].reason", containsString("UNSUPPORTED_FORMAT"));
        invoke(oversized.event()).statusCode(200).body("[0].status", equalTo("UNSUPPORTED")).body("[0].reason", containsString("TOO_MANY_BYTES"));
        invoke(deleted.event()).statusCode(200).body("[0].status", equalTo("SKIPPED")).body("[0].reason", containsString("no longer exists"));

        for (int i = 0; i < images.size(); i++) {
            Uploaded image = images.get(i);
            Goldens.Case golden = golden(IMAGES.get(i));
            Map<String, String> tags = tagsOf(image);
            assertEquals(golden.label().toUpperCase(), tags.get("deepfake-status"), image.key());
            assertEquals(golden.probabilities().get("Fake"), Double.parseDouble(tags.get("deepfake-score")), 1e-4, image.key());
            assertTrue(tags.get("deepfake-model").startsWith("stand-in/deit-tiny@"), tags.toString());
            assertTrue(tags.get("deepfake-scanned-at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), tags.toString());
            assertUserTagsKept(tags);
            assertUnchanged(image);
        }
        assertEquals("UNSUPPORTED", tagsOf(text).get("deepfake-status"));
        assertEquals("UNSUPPORTED", tagsOf(oversized).get("deepfake-status"));
        assertUserTagsKept(tagsOf(oversized));
        assertTrue(EmbeddedS3.faults().requests().stream().noneMatch(r -> r.startsWith("GET /uploads/uploads/huge.png?versionId=")),
                "the oversized object must not be downloaded");

        Map<String, Map<String, String>> before = new LinkedHashMap<>();
        images.forEach(image -> before.put(image.key(), tagsOf(image)));
        for (Uploaded image : images) {
            invoke(image.event()).statusCode(200).body("[0].status", equalTo("SKIPPED")).body("[0].reason", containsString("already marked"));
        }
        invoke(text.event()).statusCode(200).body("[0].status", equalTo("SKIPPED"));
        images.forEach(image -> assertEquals(before.get(image.key()), tagsOf(image), "second delivery changed " + image.key()));
    }

    private static void assertUserTagsKept(Map<String, String> tags) {
        USER_TAGS.forEach((key, value) -> assertEquals(value, tags.get(key), "user tag " + key));
    }

    private static void assertUnchanged(Uploaded object) {
        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key(object.key()).versionId(object.versionId()));
        assertEquals(object.eTag(), head.eTag(), "ETag of " + object.key());
        byte[] stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(object.key()).versionId(object.versionId())).asByteArray();
        assertArrayEquals(object.bytes(), stored, "bytes of " + object.key());
    }

    @Test
    void should_scan_only_the_created_objects_of_a_mixed_event() {
        Uploaded image = upload("mixed/a.png", Fixtures.bytes(Fixtures.IMAGES.resolve("png-tiny-16x16.png")), Map.of());
        String created = image.event();
        String removed = S3Events.read("object-removed.json");
        String records = created.substring(created.indexOf('[') + 1, created.lastIndexOf(']'))
                + "," + removed.substring(removed.indexOf('[') + 1, removed.lastIndexOf(']'));

        invoke("{\"Records\": [" + records + "]}")
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].key", equalTo("mixed/a.png"));
    }

    @Test
    void should_scan_an_eventbridge_object_created_event() {
        Uploaded image = upload("eventbridge/face.png", Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")), USER_TAGS);
        String event = S3Events.read("eventbridge-object-created.json")
                .replace("${bucket}", BUCKET).replace("${key}", image.key()).replace("${versionId}", image.versionId())
                .replace("${size}", "" + image.bytes().length).replace("${eTag}", image.eTag().replace("\"", ""));

        invoke(event).statusCode(200)
                .body("[0].key", equalTo("eventbridge/face.png"))
                .body("[0].status", equalTo(golden("png-rgb.png").label().toUpperCase()));

        assertEquals(golden("png-rgb.png").label().toUpperCase(), tagsOf(image).get("deepfake-status"));
    }

    @Test
    void should_ignore_the_test_event_s3_sends_first() {
        invoke(S3Events.read("test-event.json")).statusCode(200).body("$", hasSize(0));
    }

    @Test
    void should_skip_excluded_prefixes_without_writing_anything() {
        Uploaded thumbnail = upload("thumbnails/face.png", Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")), USER_TAGS);

        invoke(thumbnail.event()).statusCode(200).body("[0].status", equalTo("SKIPPED")).body("[0].reason", containsString("thumbnails/"));

        assertEquals(USER_TAGS, tagsOf(thumbnail));
    }

    @Test
    void should_keep_the_users_tags_when_ours_do_not_all_fit() {
        Map<String, String> nine = new LinkedHashMap<>();
        for (int i = 1; i <= 9; i++) {
            nine.put("user-" + i, "v" + i);
        }
        Uploaded image = upload("crowded/face.png", Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")), nine);

        invoke(image.event()).statusCode(200);

        Map<String, String> tags = tagsOf(image);
        assertEquals(10, tags.size(), tags.toString());
        nine.forEach((key, value) -> assertEquals(value, tags.get(key)));
        assertEquals(golden("png-rgb.png").label().toUpperCase(), tags.get("deepfake-status"));
    }

    @Test
    void should_retry_s3_throttling_and_succeed() {
        Uploaded image = upload("throttled/face.png", Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")), USER_TAGS);
        EmbeddedS3.faults().fail("PUT", "tagging", "", 503, "SlowDown", 2);

        invoke(image.event()).statusCode(200).body("[0].status", equalTo(golden("png-rgb.png").label().toUpperCase()));

        assertEquals(golden("png-rgb.png").label().toUpperCase(), tagsOf(image).get("deepfake-status"));
    }

    @Test
    void should_fail_the_invocation_and_mark_error_when_s3_keeps_failing() {
        Uploaded image = upload("unavailable/face.png", Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")), USER_TAGS);
        EmbeddedS3.faults().fail("GET", "", "tagging", 503, "SlowDown", 100);

        invoke(image.event()).statusCode(500)
                .body("errorMessage", containsString("1 of 1 object(s) could not be scanned"))
                .body("errorMessage", containsString("s3://uploads/unavailable/face.png"));

        EmbeddedS3.faults().clearFaults();
        assertEquals("ERROR", tagsOf(image).get("deepfake-status"));
        assertUserTagsKept(tagsOf(image));
    }

    @Test
    void should_fail_the_invocation_clearly_when_tagging_is_denied() {
        Uploaded image = upload("denied/face.png", Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")), USER_TAGS);
        EmbeddedS3.faults().fail("PUT", "tagging", "", 403, "AccessDenied", 100);

        invoke(image.event()).statusCode(500)
                .body("errorMessage", containsString("s3://uploads/denied/face.png"))
                .body("errorMessage", containsString("Access"));
    }
}
