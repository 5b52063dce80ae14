package dev.virtus.scan.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.event.ObjectCreated;
import dev.virtus.scan.fetch.S3ObjectReader;
import dev.virtus.scan.report.ScanReporter;
import dev.virtus.scan.report.ScanResult;
import dev.virtus.scan.s3.EmbeddedS3;
import dev.virtus.scan.tag.ObjectMarker;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

/**
 * A verdict names exactly the bytes it judged, and only the scanner can write a marking it believes: two images
 * given one ETag, markings forged at upload, {@code allow_real} on buckets without versioning, an old version's
 * late event in {@code both} mode, forged verdict metadata that ours does not fit beside.
 */
class ScanBindingTest {

    private static final String PLAIN = "binding-plain";
    private static final String VERSIONED = "binding-versioned";
    private static final String SUSPENDED = "binding-suspended";

    private static S3Client s3;

    @BeforeAll
    static void createBuckets() {
        s3 = EmbeddedS3.bucket(PLAIN, false);
        EmbeddedS3.bucket(VERSIONED, true);
        EmbeddedS3.bucket(SUSPENDED, true);
        s3.putBucketVersioning(b -> b.bucket(SUSPENDED).versioningConfiguration(v -> v.status("Suspended")));
    }

    /**
     * What an MD5 collision gives an attacker, played by the scanner's own client: once armed, the key's answers
     * carry the forged ETag instead of the real one, and conditions naming the forged ETag are sent as the real one.
     */
    private static final class ETagForger implements ExecutionInterceptor {
        private volatile String path;
        private volatile String real;
        private volatile String forged;

        /** Keys are this test's own: the path is matched by its end, as interceptors see it before or after the bucket is added. */
        void arm(String key, String realETag, String forgedETag) {
            path = "/" + key;
            real = realETag;
            forged = forgedETag;
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            if (armedFor(request) && request.firstMatchingHeader("If-Match").filter(forged::equals).isPresent()) {
                return request.toBuilder().putHeader("If-Match", real).build();
            }
            return request;
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            SdkHttpResponse response = context.httpResponse();
            if (armedFor(context.httpRequest()) && response.firstMatchingHeader("ETag").filter(real::equals).isPresent()) {
                return response.toBuilder().putHeader("ETag", forged).build();
            }
            return response;
        }

        private boolean armedFor(SdkHttpRequest request) {
            return path != null && request.encodedPath().endsWith(path);
        }
    }

    /** Every request the scanner sends, as {@code METHOD /path} plus {@code copy} when it is a CopyObject. */
    private static final class Requests implements ExecutionInterceptor {
        private final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            sent.add(request.method() + " " + request.encodedPath() + (request.firstMatchingHeader("x-amz-copy-source").isPresent() ? " copy" : ""));
        }

        List<String> copies() {
            return sent.stream().filter(r -> r.endsWith(" copy")).toList();
        }
    }

    private final ETagForger forger = new ETagForger();
    private final Requests requests = new Requests();

    private ScanService service(Function<byte[], ClassificationResult> otherwise, String... settings) {
        S3Client scanners = EmbeddedS3.client(EmbeddedS3.endpoint(), forger, requests);
        VirtusConfig config = VirtusConfigs.of(settings);
        return new ScanService(new S3ObjectReader(scanners, config), new ObjectMarker(scanners, config), new ByteClassifier(otherwise),
                config, new ScanReporter(new ObjectMapper(), null, System.out, null));
    }

    private ScanService service(String... settings) {
        return service(bytes -> {
            throw new AssertionError("unexpected bytes " + new String(bytes, StandardCharsets.US_ASCII));
        }, settings);
    }

    /**
     * Uploads {@code content} with {@code tags}, as an upload's {@code x-amz-tagging} would set them. They are set by
     * PutObjectTagging right after: the embedded server keeps {@code x-amz-tagging} values URL-encoded ({@code =} as
     * {@code %3D}), and the scanner cannot tell one path from the other anyway.
     */
    private static ObjectCreated upload(String bucket, String key, String content, Map<String, String> tags) {
        var put = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
        if (!tags.isEmpty()) {
            s3.putObjectTagging(b -> b.bucket(bucket).key(key).versionId(put.versionId()).tagging(Tagging.builder().tagSet(tagSet(tags)).build()));
        }
        return new ObjectCreated("ObjectCreated:Put", bucket, key, put.versionId(), content.length(), put.eTag());
    }

    private static ObjectCreated upload(String bucket, String key, String content) {
        return upload(bucket, key, content, Map.of());
    }

    private static List<Tag> tagSet(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static Map<String, String> tagsOf(String bucket, String key, String versionId) {
        Map<String, String> tags = new LinkedHashMap<>();
        s3.getObjectTagging(b -> b.bucket(bucket).key(key).versionId(versionId)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static ObjectCreated withETag(ObjectCreated event, String eTag) {
        return new ObjectCreated(event.eventName(), event.bucket(), event.key(), event.versionId(), event.size(), eTag);
    }

    private static ScanResult scanOne(ScanService scanner, ObjectCreated object) {
        return scanner.scanAll(List.of(object)).get(0);
    }

    private static String hex(String algorithm, String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_scan_an_image_that_replaced_a_real_one_under_its_etag_and_its_tags_when_the_bucket_is_unversioned() {
        ScanService scanner = service();
        ObjectCreated real = upload(PLAIN, "collision/before.png", "R collides");
        assertEquals("REAL", scanOne(scanner, real).status());
        Map<String, String> realTags = tagsOf(PLAIN, real.key(), null);

        ObjectCreated fake = upload(PLAIN, real.key(), "F collides", realTags);
        forger.arm(real.key(), fake.eTag(), real.eTag());
        ScanResult result = scanOne(scanner, withETag(fake, real.eTag()));

        assertEquals("FAKE", result.status(), result.toString());
        assertEquals(true, result.recorded());
        assertEquals("FAKE", tagsOf(PLAIN, real.key(), null).get("deepfake-status"));
        assertTrue(tagsOf(PLAIN, real.key(), null).get("deepfake-content").startsWith("sha256=" + hex("SHA-256", "F collides") + " mac="));
    }

    @Test
    void should_not_leave_a_verdict_on_an_image_swapped_in_under_the_same_etag_during_the_scan() {
        String key = "collision/during.png";
        ScanService scanner = service(bytes -> {
            ObjectCreated fake = upload(PLAIN, key, "F swapped in");
            forger.arm(key, fake.eTag(), "\"" + hex("MD5", "D judged real") + "\"");
            return ByteClassifier.verdict("REAL", "Real", 0.1);
        });
        ObjectCreated real = upload(PLAIN, key, "D judged real");

        ScanResult judged = scanOne(scanner, real);

        assertEquals(ScanResult.SKIPPED, judged.status(), judged.toString());
        assertTrue(judged.reason().contains("taken off the newer content"), judged.reason());
        assertNull(tagsOf(PLAIN, key, null).get("deepfake-status"), "REAL must not stay on the image swapped in");
        ScanResult swapped = scanOne(scanner, withETag(real, real.eTag()));
        assertEquals("FAKE", swapped.status(), "the swapped image's own event is scanned, not taken as marked: " + swapped);
        assertEquals("FAKE", tagsOf(PLAIN, key, null).get("deepfake-status"));
    }

    @Test
    void should_rescan_and_replace_a_marking_set_at_upload_whose_mac_is_wrong_or_missing() {
        ScanService scanner = service();
        String fake = "F forged marking";
        String sha256 = hex("SHA-256", fake);
        List<Map<String, String>> forged = List.of(
                Map.of("deepfake-status", "REAL", "deepfake-model", ByteClassifier.MODEL, "deepfake-content", "etag=" + hex("MD5", fake)),
                Map.of("deepfake-status", "REAL", "deepfake-model", ByteClassifier.MODEL, "deepfake-content", "sha256=" + sha256),
                Map.of("deepfake-status", "REAL", "deepfake-model", ByteClassifier.MODEL, "deepfake-score", "0.1000",
                        "deepfake-content", "sha256=" + sha256 + " mac=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        for (String bucket : List.of(PLAIN, VERSIONED)) {
            for (Map<String, String> marking : forged) {
                ObjectCreated upload = upload(bucket, "forged/" + marking.size() + ".png", fake, marking);

                ScanResult result = scanOne(scanner, upload);

                assertEquals("FAKE", result.status(), bucket + " " + marking + ": " + result);
                assertEquals("FAKE", tagsOf(bucket, upload.key(), upload.versionId()).get("deepfake-status"));
                assertTrue(scanOne(scanner, upload).reason().startsWith("already marked FAKE"), "our own marking is believed");
            }
        }
    }

    @Test
    void should_rescan_a_versioned_marking_whose_mac_was_made_for_another_version() {
        ScanService scanner = service();
        ObjectCreated first = upload(VERSIONED, "forged/other-version.png", "F first");
        scanOne(scanner, first);
        Map<String, String> firstTags = tagsOf(VERSIONED, first.key(), first.versionId());
        ObjectCreated second = upload(VERSIONED, first.key(), "F second", firstTags);

        ScanResult result = scanOne(scanner, second);

        assertEquals("FAKE", result.status(), "the first version's marking is not the second's: " + result);
        assertTrue(tagsOf(VERSIONED, second.key(), second.versionId()).get("deepfake-content").startsWith("version=" + second.versionId() + " mac="));
    }

    @Test
    void should_record_no_real_verdict_without_versioning_under_allow_real() {
        ScanService scanner = service("virtus.enforcement.mode", "allow_real");
        ObjectCreated plain = upload(PLAIN, "allow-real/plain.png", "R unversioned");
        ObjectCreated suspended = upload(SUSPENDED, "allow-real/suspended.png", "R suspended");
        ObjectCreated versioned = upload(VERSIONED, "allow-real/versioned.png", "R versioned");
        ObjectCreated fake = upload(PLAIN, "allow-real/fake.png", "F unversioned");

        for (ObjectCreated unpinned : List.of(plain, suspended)) {
            ScanResult result = scanOne(scanner, unpinned);
            assertEquals("UNVERSIONED", result.status(), result.toString());
            assertEquals(true, result.recorded());
            assertTrue(result.reason().contains("enforcement allow_real serves REAL only on a version of a versioned bucket"), result.reason());
            assertEquals("UNVERSIONED", tagsOf(unpinned.bucket(), unpinned.key(), null).get("deepfake-status"));
            assertTrue(scanOne(scanner, unpinned).reason().startsWith("already marked UNVERSIONED"), "a redelivery changes nothing");
        }
        assertTrue(scanOne(scanner, suspended).reason().startsWith("already marked UNVERSIONED"));
        assertEquals("REAL", scanOne(scanner, versioned).status());
        assertEquals("REAL", tagsOf(VERSIONED, versioned.key(), versioned.versionId()).get("deepfake-status"));
        assertEquals("FAKE", scanOne(scanner, fake).status(), "a verdict nobody is served by is recorded as it is");
        assertEquals("REAL", scanOne(service(), upload(PLAIN, "allow-real/off.png", "R enforcement off")).status());
    }

    @Test
    void should_tag_an_old_version_without_copying_it_back_in_both_mode() {
        ScanService scanner = service("virtus.write-mode", "both");
        ObjectCreated old = upload(VERSIONED, "both/old.png", "F old version");
        ObjectCreated current = upload(VERSIONED, old.key(), "R current version");

        ScanResult late = scanOne(scanner, old);

        assertEquals("FAKE", late.status(), late.toString());
        assertTrue(late.reason().contains("is no longer the key's current one"), late.reason());
        assertEquals(List.of(), requests.copies(), "an old version is never copied back over the key");
        assertEquals("R current version", s3.getObjectAsBytes(b -> b.bucket(VERSIONED).key(old.key())).asUtf8String());
        assertEquals(current.versionId(), s3.headObject(b -> b.bucket(VERSIONED).key(old.key())).versionId());
        assertEquals("FAKE", tagsOf(VERSIONED, old.key(), old.versionId()).get("deepfake-status"));
        assertTrue(scanOne(scanner, old).reason().startsWith("already marked FAKE"), "a redelivery skips the old version");

        ObjectCreated deleted = upload(VERSIONED, "both/deleted.png", "F deleted");
        s3.deleteObject(b -> b.bucket(VERSIONED).key(deleted.key()));
        assertTrue(scanOne(scanner, deleted).reason().contains("(deleted): only that version is tagged"));
        assertEquals(List.of(), requests.copies(), "a deletion is never undone");
    }

    @Test
    void should_strip_forged_verdict_metadata_when_ours_does_not_fit() {
        ScanService scanner = service("virtus.write-mode", "metadata");
        Map<String, String> metadata = Map.of("notes", "x".repeat(1900), "deepfake-status", "REAL", "deepfake-model", ByteClassifier.MODEL);
        var put = s3.putObject(b -> b.bucket(PLAIN).key("metadata/forged.png").metadata(metadata), RequestBody.fromString("F forged metadata"));

        ScanResult result = scanOne(scanner, new ObjectCreated("ObjectCreated:Put", PLAIN, "metadata/forged.png", null, 17, put.eTag()));

        assertEquals("FAKE", result.status());
        assertEquals(false, result.recorded());
        assertTrue(result.reason().contains("the upload's own deepfake-* metadata was removed"), result.reason());
        Map<String, String> after = s3.headObject(b -> b.bucket(PLAIN).key("metadata/forged.png")).metadata();
        assertEquals(Map.of("notes", "x".repeat(1900)), after, "the user's metadata stays, the forged verdict goes");
    }
}
