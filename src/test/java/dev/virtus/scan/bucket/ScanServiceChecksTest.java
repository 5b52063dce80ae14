package dev.virtus.scan.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import dev.virtus.scan.report.Trigger;
import dev.virtus.scan.s3.EmbeddedS3;
import dev.virtus.scan.s3.Interleaved;
import dev.virtus.scan.tag.ObjectMarker;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Each reason {@code scan} skips an object for, on an object that only that reason concerns, without a Quarkus
 * boot: nothing is classified, nothing is written, and the result says why.
 */
class ScanServiceChecksTest {

    private static final String BUCKET = "scan-service-checks";
    private static final String MODEL = "stand-in/test@000000000000";

    private static final Interleaved BEFORE_THE_READ = Interleaved.before(GetObjectRequest.class);

    private static S3Client s3;
    private static S3Client scannersS3;
    private final AtomicInteger classified = new AtomicInteger();

    /** Calls every image FAKE, counting the calls. */
    private final class CountingClassifier implements Classifier {
        @Override
        public ClassificationResult classifyOrReport(byte[] encoded) {
            classified.incrementAndGet();
            return new ClassificationResult("FAKE", "Fake", 0.9, Map.of("Real", 0.1, "Fake", 0.9), MODEL, 1, 1, null, null);
        }

        @Override
        public String modelName() {
            return MODEL;
        }
    }

    @BeforeAll
    static void createBucket() {
        s3 = EmbeddedS3.bucket(BUCKET, false);
        scannersS3 = EmbeddedS3.client(EmbeddedS3.endpoint(), BEFORE_THE_READ);
    }

    @BeforeEach
    void noInterleaving() {
        BEFORE_THE_READ.clear();
    }

    private ScanResult scan(ObjectCreated object, String... settings) {
        VirtusConfig config = VirtusConfigs.of(settings);
        ScanService scanner = new ScanService(new S3ObjectReader(scannersS3, config), new ObjectMarker(scannersS3, config),
                new CountingClassifier(), config, new ScanReporter(new ObjectMapper(), null, System.out, null));
        return scanner.scan(List.of(object), Trigger.UPLOAD).get(0);
    }

    private static ObjectCreated upload(String key, String body) {
        PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(body));
        return new ObjectCreated("ObjectCreated:Put", BUCKET, key, null, body.length(), put.eTag());
    }

    private void assertSkippedUntouched(ScanResult result, String reason) {
        assertEquals(ScanResult.SKIPPED, result.status());
        assertEquals(reason, result.reason());
        assertEquals(0, classified.get(), "nothing is classified");
    }

    @Test
    void should_skip_an_object_deleted_before_the_scan() {
        ScanResult result = scan(new ObjectCreated("ObjectCreated:Put", BUCKET, "checks/never-there.png", null, 5, "\"e\""));

        assertSkippedUntouched(result, "the object no longer exists (deleted before the scan)");
    }

    @Test
    void should_skip_an_object_smaller_than_the_minimum_without_reading_it() {
        ObjectCreated small = upload("checks/small.png", "12345");

        assertSkippedUntouched(scan(small, "virtus.scan.min-bytes", "6"), "smaller than virtus.scan.min-bytes (6)");
        assertEquals(Map.of(), EmbeddedS3.tags(s3, BUCKET, small.key()));
    }

    @Test
    void should_skip_content_this_model_marked_already() {
        ObjectCreated marked = upload("checks/marked.png", "judged");
        assertEquals("FAKE", scan(marked).status(), "the first delivery is judged and marked");
        classified.set(0);

        assertSkippedUntouched(scan(marked), "already marked FAKE by " + MODEL + " for this content");
    }

    @Test
    void should_skip_a_key_holding_newer_content_than_the_event_announced() {
        ObjectCreated announced = upload("checks/announced.png", "announced");
        s3.putObject(b -> b.bucket(BUCKET).key(announced.key()), RequestBody.fromString("newer"));

        assertSkippedUntouched(scan(announced), "the key holds newer content than the event announced (ETag " + announced.eTag()
                + "); the newer upload's own event scans it");
        assertEquals(Map.of(), EmbeddedS3.tags(s3, BUCKET, announced.key()));
    }

    @Test
    void should_skip_an_object_overwritten_between_its_head_and_its_read() {
        ObjectCreated uploaded = upload("checks/overwritten.png", "judged");
        ObjectCreated withoutETag = new ObjectCreated("BatchOperations", BUCKET, uploaded.key(), null, -1, null);
        BEFORE_THE_READ.once(() -> s3.putObject(b -> b.bucket(BUCKET).key(uploaded.key()), RequestBody.fromString("newer")));

        assertSkippedUntouched(scan(withoutETag), "s3://" + BUCKET + "/" + uploaded.key() + " changed after its HEAD (ETag "
                + uploaded.eTag() + "); the newer upload's own event scans it");
        assertEquals(Map.of(), EmbeddedS3.tags(s3, BUCKET, uploaded.key()));
    }
}
