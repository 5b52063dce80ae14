package dev.virtus.scan.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.Classifier;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.event.ObjectCreated;
import dev.virtus.scan.fetch.S3ObjectReader;
import dev.virtus.scan.report.ScanReporter;
import dev.virtus.scan.report.ScanResult;
import dev.virtus.scan.s3.EmbeddedS3;
import dev.virtus.scan.s3.StoredOutOfReach;
import dev.virtus.scan.s3.StoredOutOfReach.Storage;
import dev.virtus.scan.tag.ObjectMarker;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Objects their uploader stored out of the scanner's reach (SSE-C, archived, a KMS key the scanner may not use)
 * are a final UNSUPPORTED naming why: the scan returns normally (no retry, no DLQ message), and a redelivery
 * finds them marked. S3Mock emulates none of these: {@link StoredOutOfReach} gives its answers AWS's
 * status codes, headers and error codes.
 */
class ScanUnreadableObjectTest {

    private static final String VERSIONED = "scan-unreadable-versioned";
    private static final String UNVERSIONED = "scan-unreadable-unversioned";
    private static final String MODEL = "stand-in/test@000000000000";

    private static final StoredOutOfReach STORAGE = new StoredOutOfReach();
    private static S3Client s3;

    @BeforeAll
    static void createBuckets() {
        s3 = EmbeddedS3.bucket(VERSIONED, true);
        EmbeddedS3.bucket(UNVERSIONED, false);
    }

    /** Judges every image it is given REAL, so a test can tell when bytes were classified. */
    private record AlwaysReal() implements Classifier {
        @Override
        public ClassificationResult classifyOrReport(byte[] encoded) {
            return new ClassificationResult("REAL", "Real", 0.1, Map.of("Real", 0.9, "Fake", 0.1), MODEL, 1, 1, null, null);
        }

        @Override
        public String modelName() {
            return MODEL;
        }
    }

    private static ScanService service(String... settings) {
        VirtusConfig config = VirtusConfigs.of(settings);
        S3Client scanners = EmbeddedS3.client(EmbeddedS3.endpoint(), STORAGE);
        return new ScanService(new S3ObjectReader(scanners, config), new ObjectMarker(scanners, config), new AlwaysReal(), config,
                new ScanReporter(new ObjectMapper(), null, System.out, null));
    }

    private static ObjectCreated upload(String bucket, String key, Storage storage) {
        var put = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("an image " + key));
        STORAGE.store(key, storage);
        return new ObjectCreated("ObjectCreated:Put", bucket, key, put.versionId(), 9 + key.length(), put.eTag());
    }

    private static String statusTag(ObjectCreated object) {
        return s3.getObjectTagging(b -> b.bucket(object.bucket()).key(object.key()).versionId(object.versionId())).tagSet().stream()
                .filter(t -> t.key().equals("deepfake-status")).map(t -> t.value()).findFirst().orElse(null);
    }

    private static long gets(String key) {
        return STORAGE.requests().stream().filter(r -> r.equals("GET " + key)).count();
    }

    @Test
    void should_mark_an_sse_c_object_unsupported_for_good_without_failing_the_invocation() {
        ObjectCreated object = upload(VERSIONED, "sse-c/photo.jpg", Storage.SSE_C);

        ScanResult result = service().scanAll(List.of(object)).get(0);

        assertEquals("UNSUPPORTED", result.status());
        assertTrue(result.reason().startsWith("SSE_C: s3://" + VERSIONED + "/sse-c/photo.jpg"), result.reason());
        assertEquals(Boolean.TRUE, result.recorded());
        assertEquals("UNSUPPORTED", statusTag(object));
        ScanResult redelivered = service().scanAll(List.of(object)).get(0);
        assertEquals(ScanResult.SKIPPED, redelivered.status(), redelivered.reason());
    }

    @Test
    void should_report_an_sse_c_object_of_an_unversioned_bucket_unsupported_without_failing_though_it_cannot_be_tagged_safely() {
        ObjectCreated object = upload(UNVERSIONED, "sse-c/unversioned.jpg", Storage.SSE_C);

        ScanResult result = service().scanAll(List.of(object)).get(0);

        assertEquals("UNSUPPORTED", result.status());
        assertEquals(Boolean.FALSE, result.recorded());
        assertTrue(result.reason().contains("which S3 refuses for SSE-C"), result.reason());
        assertNull(statusTag(object));
    }

    @Test
    void should_mark_an_archived_object_unsupported_from_its_head_without_getting_it() {
        ObjectCreated glacier = upload(VERSIONED, "archive/glacier.jpg", Storage.GLACIER);
        ObjectCreated tiered = upload(VERSIONED, "archive/tiered.jpg", Storage.INTELLIGENT_TIERING_DEEP_ARCHIVE);

        List<ScanResult> results = service().scanAll(List.of(glacier, tiered));

        assertEquals(List.of("UNSUPPORTED", "UNSUPPORTED"), results.stream().map(ScanResult::status).toList());
        assertTrue(results.get(0).reason().startsWith("ARCHIVED: ") && results.get(0).reason().contains("storage class GLACIER"),
                results.get(0).reason());
        assertTrue(results.get(1).reason().contains("DEEP_ARCHIVE_ACCESS tier"), results.get(1).reason());
        assertEquals("UNSUPPORTED", statusTag(glacier));
        assertEquals("UNSUPPORTED", statusTag(tiered));
        assertEquals(0, gets(glacier.key()) + gets(tiered.key()), STORAGE.requests().toString());
    }

    @Test
    void should_scan_an_archived_object_again_when_its_restore_completes() {
        ObjectCreated upload = upload(VERSIONED, "archive/restored.jpg", Storage.GLACIER);
        assertEquals("UNSUPPORTED", service().scanAll(List.of(upload)).get(0).status());
        STORAGE.store(upload.key(), Storage.GLACIER_RESTORED);
        ObjectCreated restore = new ObjectCreated(ObjectCreated.RESTORE_COMPLETED, upload.bucket(), upload.key(), upload.versionId(),
                upload.size(), upload.eTag());

        ScanResult redelivered = service().scanAll(List.of(upload)).get(0);
        ScanResult restored = service().scanAll(List.of(restore)).get(0);

        assertEquals(ScanResult.SKIPPED, redelivered.status(), "a redelivered upload event finds the final marking");
        assertEquals("REAL", restored.status(), restored.reason());
        assertEquals("REAL", statusTag(upload));
    }

    @Test
    void should_mark_an_object_under_a_kms_key_the_scanner_may_not_use_unsupported() {
        ObjectCreated object = upload(VERSIONED, "kms/foreign-key.jpg", Storage.FOREIGN_KMS_KEY);

        ScanResult result = service().scanAll(List.of(object)).get(0);

        assertEquals("UNSUPPORTED", result.status());
        assertTrue(result.reason().startsWith("KMS_KEY: ") && result.reason().contains("key/1234abcd-12ab-34cd-56ef-1234567890ab")
                && result.reason().contains("kms:Decrypt"), result.reason());
        assertEquals("UNSUPPORTED", statusTag(object));
        assertEquals(1, gets(object.key()), "one GET, not retried: " + STORAGE.requests());
    }

    @Test
    void should_report_an_archived_object_unsupported_without_failing_when_metadata_mode_cannot_copy_it() {
        ObjectCreated object = upload(VERSIONED, "archive/metadata-mode.jpg", Storage.GLACIER);

        ScanResult result = service("virtus.write-mode", "metadata").scanAll(List.of(object)).get(0);

        assertEquals("UNSUPPORTED", result.status());
        assertFalse(result.recorded());
        assertTrue(result.reason().contains("virtus.write-mode=metadata"), result.reason());
    }
}
