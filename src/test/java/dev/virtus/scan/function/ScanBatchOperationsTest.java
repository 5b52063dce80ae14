package dev.virtus.scan.function;

import static dev.virtus.scan.function.LambdaInvoker.invoke;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.events.EmbeddedEventBridge;
import dev.virtus.scan.events.EventBridgeStandIn;
import dev.virtus.scan.s3.EmbeddedS3;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Backfill: S3 Batch Operations invokes {@code scan} with tasks and reads one result per task. */
@QuarkusTest
@TestProfile(ScanFunctionTest.ScanProfile.class)
@QuarkusTestResource(EmbeddedS3.class)
@QuarkusTestResource(value = EmbeddedEventBridge.class, restrictToAnnotatedClass = true)
class ScanBatchOperationsTest {

    private static final String BUCKET = "backfill";
    private static S3Client s3;

    @BeforeAll
    static void createBucket() {
        s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
    }

    private static String put(String key, byte[] bytes) {
        return s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes)).versionId();
    }

    private static String status(String key, String versionId) {
        return s3.getObjectTagging(b -> b.bucket(BUCKET).key(key).versionId(versionId)).tagSet().stream()
                .filter(t -> t.key().equals("deepfake-status")).map(t -> t.value()).findFirst().orElse(null);
    }

    private static String task(String id, String key, String versionId, boolean schema2) {
        String bucket = schema2 ? "\"s3Bucket\": \"" + BUCKET + "\"" : "\"s3BucketArn\": \"arn:aws:s3:::" + BUCKET + "\"";
        return "{\"taskId\": \"" + id + "\", \"s3Key\": \"" + S3Events.encodeKey(key) + "\", \"s3VersionId\": "
                + (versionId == null ? "null" : "\"" + versionId + "\"") + ", " + bucket + "}";
    }

    private static String invocation(String schema, String... tasks) {
        return "{\"invocationSchemaVersion\": \"" + schema + "\", \"invocationId\": \"inv-" + schema + "\","
                + " \"job\": {\"id\": \"job-1\"" + (schema.equals("2.0") ? ", \"userArguments\": {}" : "") + "},"
                + " \"tasks\": [" + String.join(", ", tasks) + "]}";
    }

    @Test
    void should_answer_every_task_of_a_schema_2_invocation_and_mark_its_objects() {
        String realKey = "old uploads/face (1).png";
        String fakeKey = "old uploads/fake+1.png";
        String real = put(realKey, Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")));
        String fake = put(fakeKey, Fixtures.bytes(Fixtures.IMAGES.resolve("png-224x224.png")));
        String hostile = put("old uploads/bomb.png", Fixtures.bytes(Fixtures.BAD.resolve("png-100000x100000.png")));
        String realLabel = Goldens.find("deit-tiny-standin", "png-rgb.png").label().toUpperCase();

        invoke(invocation("2.0", task("t1", realKey, real, true), task("t2", fakeKey, fake, true),
                task("t3", "old uploads/bomb.png", hostile, true), task("t4", "old uploads/missing.png", null, true)))
                .statusCode(200)
                .body("invocationSchemaVersion", equalTo("2.0"))
                .body("invocationId", equalTo("inv-2.0"))
                .body("treatMissingKeysAs", equalTo("PermanentFailure"))
                .body("results", hasSize(4))
                .body("results[0].taskId", equalTo("t1"))
                .body("results[0].resultCode", equalTo("Succeeded"))
                .body("results[0].resultString", startsWith(realLabel + " 0."))
                .body("results[1].resultCode", equalTo("Succeeded"))
                .body("results[1].resultString", startsWith("FAKE 0.88"))
                .body("results[2].resultCode", equalTo("Succeeded"))
                .body("results[2].resultString", startsWith("UNSUPPORTED: TOO_MANY_PIXELS"))
                .body("results[3].taskId", equalTo("t4"))
                .body("results[3].resultCode", equalTo("PermanentFailure"))
                .body("results[3].resultString", startsWith("SKIPPED: the object no longer exists"));

        assertEquals(realLabel, status(realKey, real));
        assertEquals("FAKE", status(fakeKey, fake));
        assertEquals("UNSUPPORTED", status("old uploads/bomb.png", hostile));

        List<JsonNode> events = EmbeddedEventBridge.detailsFor(BUCKET, fakeKey);
        assertEquals(1, events.size(), events.toString());
        JsonNode event = events.get(0);
        assertEquals(fake, event.path("versionId").asText());
        assertEquals("FAKE", event.path("status").asText());
        assertEquals("Fake", event.path("label").asText());
        assertEquals(0.8800708, event.path("score").asDouble(), 1e-4);
        assertEquals(1.0, event.path("probabilities").path("Real").asDouble() + event.path("probabilities").path("Fake").asDouble(), 1e-6);
        assertTrue(event.path("model").asText().startsWith("stand-in/deit-tiny@"), event.toString());
        assertTrue(event.path("eTag").asText().matches("[0-9a-f]{32}"), event.toString());
        assertTrue(event.path("scannedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z"), event.toString());
        assertEquals("batch", event.path("trigger").asText());
        assertEquals(List.of(), EmbeddedEventBridge.detailsFor(BUCKET, "old uploads/missing.png"), "skips publish nothing");
        JsonNode request = EmbeddedEventBridge.received().stream()
                .filter(r -> r.path("body").path("Entries").toString().contains("fake+1.png")).findFirst().orElseThrow();
        assertEquals("AWSEvents.PutEvents", request.path("target").asText());
        assertTrue(request.path("authorization").asText().startsWith("AWS4-HMAC-SHA256 Credential=test/"), request.toString());
        assertTrue(request.path("authorization").asText().contains("/us-east-1/events/aws4_request"), request.toString());
        JsonNode entry = request.path("body").path("Entries").get(0);
        assertEquals("virtus.scan", entry.path("Source").asText());
        assertEquals("Virtus Scan Result", entry.path("DetailType").asText());
        assertEquals("virtus-test-bus", entry.path("EventBusName").asText());
    }

    @Test
    void should_skip_what_this_model_marked_and_accept_schema_1() {
        String key = "rescan/face.png";
        String version = put(key, Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")));
        invoke(invocation("1.0", task("a", key, version, false))).statusCode(200)
                .body("invocationSchemaVersion", equalTo("1.0"))
                .body("results[0].resultCode", equalTo("Succeeded"));

        invoke(invocation("1.0", task("b", key, version, false))).statusCode(200)
                .body("results[0].resultCode", equalTo("Succeeded"))
                .body("results[0].resultString", startsWith("SKIPPED: already marked "));

        Map<String, String> tags = new LinkedHashMap<>();
        s3.getObjectTagging(b -> b.bucket(BUCKET).key(key).versionId(version)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        tags.put("deepfake-model", "an-older-model@000000000000");
        s3.putObjectTagging(b -> b.bucket(BUCKET).key(key).versionId(version).tagging(t -> t.tagSet(tags.entrySet().stream()
                .map(e -> software.amazon.awssdk.services.s3.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));

        invoke(invocation("1.0", task("c", key, version, false))).statusCode(200)
                .body("results[0].resultCode", equalTo("Succeeded"))
                .body("results[0].resultString", startsWith(Goldens.find("deit-tiny-standin", "png-rgb.png").label().toUpperCase() + " 0."));
    }

    /** Through the deployed function: the SDK client retries the 503, the publisher resends the refused entry. */
    @Test
    void should_publish_each_event_once_and_keep_the_tags_when_eventbridge_answers_503_then_refuses_an_entry() {
        String first = "retried/one.png";
        String second = "retried/two.png";
        String firstVersion = put(first, Fixtures.bytes(Fixtures.IMAGES.resolve("png-224x224.png")));
        String secondVersion = put(second, Fixtures.bytes(Fixtures.IMAGES.resolve("png-224x224.png")));
        EmbeddedEventBridge.answerNext(EventBridgeStandIn.Answer.error(503, "ServiceUnavailableException"),
                EventBridgeStandIn.Answer.refusing(1));

        invoke(invocation("2.0", task("r1", first, firstVersion, true), task("r2", second, secondVersion, true))).statusCode(200)
                .body("results[0].resultCode", equalTo("Succeeded"))
                .body("results[1].resultCode", equalTo("Succeeded"));

        assertEquals("FAKE", status(first, firstVersion));
        assertEquals("FAKE", status(second, secondVersion));
        assertEquals(1, EmbeddedEventBridge.detailsFor(BUCKET, first).size());
        assertEquals(1, EmbeddedEventBridge.detailsFor(BUCKET, second).size());
        List<JsonNode> calls = EmbeddedEventBridge.received().stream()
                .filter(r -> r.path("body").path("Entries").toString().contains("retried/")).toList();
        assertEquals(List.of(503, 200, 200), calls.stream().map(r -> r.path("status").asInt()).toList());
        assertEquals(1, calls.get(2).path("body").path("Entries").size());
    }
}
