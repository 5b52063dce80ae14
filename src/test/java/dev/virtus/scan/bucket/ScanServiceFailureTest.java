package dev.virtus.scan.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.classify.Classifier;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.event.ObjectCreated;
import dev.virtus.scan.fetch.S3ObjectReader;
import dev.virtus.scan.infer.InferenceException;
import dev.virtus.scan.report.ScanReporter;
import dev.virtus.scan.report.ScanResult;
import dev.virtus.scan.s3.EmbeddedS3;
import dev.virtus.scan.tag.ObjectMarker;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One object failing in any way, an {@link Error} included, is that object's ERROR: the other objects of
 * the event are scanned and marked, and the invocation fails so that Lambda retries it.
 */
class ScanServiceFailureTest {

    private static final String BUCKET = "scan-service-failures";

    private static S3Client s3;

    @BeforeAll
    static void createBucket() {
        s3 = EmbeddedS3.bucket(BUCKET, true);
    }

    private static ScanService service(Classifier classifier) {
        VirtusConfig config = VirtusConfigs.of();
        return new ScanService(new S3ObjectReader(s3, config), new ObjectMarker(s3, config), classifier, config,
                new ScanReporter(new ObjectMapper(), null, System.out, null));
    }

    private static ObjectCreated upload(String key, String content) {
        var put = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content));
        return new ObjectCreated("ObjectCreated:Put", BUCKET, key, put.versionId(), content.length(), put.eTag());
    }

    private static Map<String, String> tagsOf(ObjectCreated object) {
        Map<String, String> tags = new LinkedHashMap<>();
        s3.getObjectTagging(b -> b.bucket(BUCKET).key(object.key()).versionId(object.versionId())).tagSet()
                .forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    @Test
    void should_mark_an_inference_failure_error_and_scan_the_rest_of_the_event() {
        List<ObjectCreated> event = List.of(upload("inference/real.png", "R1"), upload("inference/broken.png", "X1"),
                upload("inference/fake.png", "F1"));
        ScanService scanner = service(new ByteClassifier(bytes -> {
            throw new InferenceException("ONNX Runtime failed", new IllegalStateException("device lost"));
        }));

        ScanFailedException failure = assertThrows(ScanFailedException.class, () -> scanner.scanAll(event));

        assertEquals("1 of 3 object(s) could not be scanned: s3://scan-service-failures/inference/broken.png: "
                + "InferenceException: ONNX Runtime failed", failure.getMessage());
        assertEquals("REAL", tagsOf(event.get(0)).get("deepfake-status"));
        assertEquals("ERROR", tagsOf(event.get(1)).get("deepfake-status"));
        assertEquals("FAKE", tagsOf(event.get(2)).get("deepfake-status"));
    }

    @Test
    void should_contain_an_error_thrown_while_classifying_one_object() {
        List<ObjectCreated> event = List.of(upload("errors/bomb.png", "X2"), upload("errors/fake.png", "F2"));
        ScanService scanner = service(new ByteClassifier(bytes -> {
            throw new OutOfMemoryError("Java heap space");
        }));

        ScanFailedException failure = assertThrows(ScanFailedException.class, () -> scanner.scanAll(event));

        assertTrue(failure.getMessage().contains("errors/bomb.png: OutOfMemoryError: Java heap space"), failure.getMessage());
        assertEquals("ERROR", tagsOf(event.get(0)).get("deepfake-status"));
        assertEquals("FAKE", tagsOf(event.get(1)).get("deepfake-status"));
    }

    @Test
    void should_scan_an_object_marked_error_again_on_the_retry() {
        ObjectCreated flaky = upload("retry/flaky.png", "X3");
        List<String> calls = new ArrayList<>();
        ScanService failing = service(new ByteClassifier(bytes -> {
            calls.add("failing");
            throw new InferenceException("transient", null);
        }));
        assertThrows(ScanFailedException.class, () -> failing.scanAll(List.of(flaky)));
        assertEquals("ERROR", tagsOf(flaky).get("deepfake-status"));

        ScanService recovered = service(new ByteClassifier(bytes -> {
            calls.add("recovered");
            return ByteClassifier.verdict("FAKE", "Fake", 0.8);
        }));
        List<ScanResult> results = recovered.scanAll(List.of(flaky));

        assertEquals(List.of("failing", "recovered"), calls);
        assertEquals("FAKE", results.get(0).status());
        assertEquals("FAKE", tagsOf(flaky).get("deepfake-status"));
    }
}
