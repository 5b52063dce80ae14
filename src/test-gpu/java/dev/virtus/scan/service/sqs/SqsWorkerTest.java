package dev.virtus.scan.service.sqs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.Await;
import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.function.S3Events;
import dev.virtus.scan.s3.EmbeddedS3;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The queue worker against real S3 (S3Mock) and SQS (ElasticMQ) servers: every object of every message is
 * tagged exactly once, a message is deleted only after its objects are tagged, and a stop in the middle of
 * a batch loses nothing.
 */
@QuarkusTest
@TestProfile(SqsWorkerTest.WorkerProfile.class)
@QuarkusTestResource(value = EmbeddedS3.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = EmbeddedSqs.class, restrictToAnnotatedClass = true)
class SqsWorkerTest {

    public static class WorkerProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A long delay so that the messages of one receive end in one batch.
            return Map.of("virtus.batch.max-delay", "300ms", "virtus.batch.max-size", "16");
        }
    }

    private static final String BUCKET = "uploads";
    private static final List<String> IMAGES = List.of("png-rgb.png", "jpeg-baseline-420.jpg", "png-tiny-16x16.png",
            "webp-lossless.webp", "png-gray.png", "png-palette.png", "jpeg-exif-orientation-6.jpg", "png-224x224.png");

    private static S3Client s3;

    @Inject
    SqsWorker worker;

    @BeforeAll
    static void createBucket() {
        s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterEach
    void restart() {
        EmbeddedS3.faults().clearFaults();
        worker.start();
    }

    private record Uploaded(String key, String image, String eTag, int size) {
        String record() {
            String event = S3Events.objectCreated("ObjectCreated:Put", BUCKET, key, null, size, eTag);
            return event.substring(event.indexOf('[') + 1, event.lastIndexOf(']'));
        }
    }

    private static List<Uploaded> upload(String prefix, int count) {
        List<Uploaded> uploaded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String image = IMAGES.get(i % IMAGES.size());
            byte[] bytes = Fixtures.bytes(Fixtures.IMAGES.resolve(image));
            String key = prefix + "/image-" + i + "-" + image;
            String eTag = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes)).eTag();
            uploaded.add(new Uploaded(key, image, eTag, bytes.length));
        }
        return uploaded;
    }

    private static void send(List<Uploaded> objects) {
        try (SqsClient sqs = EmbeddedSqs.client()) {
            for (Uploaded object : objects) {
                sqs.sendMessage(b -> b.queueUrl(EmbeddedSqs.queueUrl()).messageBody("{\"Records\": [" + object.record() + "]}"));
            }
        }
    }

    private static String status(Uploaded object) {
        return s3.getObjectTagging(b -> b.bucket(BUCKET).key(object.key())).tagSet().stream()
                .filter(t -> t.key().equals("deepfake-status")).map(Tag::value).findFirst().orElse(null);
    }

    private static long tagged(List<Uploaded> objects) {
        return objects.stream().filter(o -> status(o) != null).count();
    }

    /** Successful tag writes: requests to the tagging sub-resource, less the ones the proxy failed. */
    private static long tagWrites(Uploaded object, int injectedFailures) {
        return EmbeddedS3.faults().requests().stream()
                .filter(r -> r.startsWith("PUT /" + BUCKET + "/" + object.key() + "?") && r.contains("tagging"))
                .count() - injectedFailures;
    }

    private static String golden(String image) {
        return Goldens.index().cases().stream()
                .filter(c -> c.model().equals("deit-tiny-standin") && c.image().equals(image))
                .findFirst().orElseThrow().label().toUpperCase();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(60), condition);
    }

    private static double messages(String outcome) {
        return metric("virtus_sqs_messages_total{outcome=\"" + outcome + "\"}");
    }

    /** A sample of /q/metrics, 0 when it is not there yet. */
    private static double metric(String sample) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1)))
                .findFirst().orElse(0);
    }

    private static void assertTaggedOnceWithTheGoldenVerdict(List<Uploaded> objects, int injectedFailuresEach) {
        for (Uploaded object : objects) {
            assertEquals(golden(object.image()), status(object), object.key());
            assertEquals(1, tagWrites(object, injectedFailuresEach), "tag writes of " + object.key());
        }
    }

    @Test
    void should_tag_every_object_exactly_once_delete_its_message_and_ignore_the_test_event() throws Exception {
        List<Uploaded> objects = upload("flow", 12);
        double ignored = messages("ignored");
        double scanned = messages("scanned");
        try (SqsClient sqs = EmbeddedSqs.client()) {
            sqs.sendMessage(b -> b.queueUrl(EmbeddedSqs.queueUrl()).messageBody(S3Events.read("test-event.json")));
            // one message naming two objects, as S3 may send
            sqs.sendMessage(b -> b.queueUrl(EmbeddedSqs.queueUrl())
                    .messageBody("{\"Records\": [" + objects.get(0).record() + "," + objects.get(1).record() + "]}"));
        }
        send(objects.subList(2, objects.size()));

        await("the queue is empty", () -> EmbeddedSqs.messagesLeft() == 0);

        assertTaggedOnceWithTheGoldenVerdict(objects, 0);
        assertEquals(1, messages("ignored") - ignored, "the test event is deleted unscanned");
        assertEquals(11, messages("scanned") - scanned);
        double largestBatch = metric("virtus_batch_size_max");
        assertTrue(largestBatch > 1, "objects of several messages share ONNX Runtime calls; largest batch " + largestBatch);
        assertTrue(metric("virtus_sqs_message_age_seconds_count") >= 12, "queue lag is measured");
    }

    @Test
    void should_finish_the_batch_in_flight_when_stopped_and_lose_nothing_when_restarted() throws Exception {
        worker.stop();
        List<Uploaded> objects = upload("stopped", 30);
        send(objects);
        worker.start();
        await("the first object is tagged", () -> tagged(objects) > 0);
        double scannedBefore = messages("scanned");
        await("messages are in flight", () -> worker.inFlight() > 0);
        int inFlightAtStop = worker.inFlight();

        worker.stop();

        assertTrue(inFlightAtStop > 0, "a batch was in flight when the worker was stopped");
        assertTrue(messages("scanned") - scannedBefore >= inFlightAtStop,
                "the " + inFlightAtStop + " messages in flight at stop were finished and deleted, not dropped");
        long taggedAtStop = tagged(objects);
        int left = EmbeddedSqs.messagesLeft();
        assertEquals(0, EmbeddedSqs.messagesInFlight(), "the stopped worker holds no message");
        assertEquals(objects.size(), taggedAtStop + left, "exactly the tagged objects' messages are deleted");
        assertTrue(left > 0, "stopped before the queue was empty (up to 10 messages per receive)");

        worker.start();
        await("the queue is empty", () -> EmbeddedSqs.messagesLeft() == 0);
        assertTaggedOnceWithTheGoldenVerdict(objects, 0);
    }

    @Test
    void should_leave_a_message_whose_object_cannot_be_tagged_for_redelivery() throws Exception {
        List<Uploaded> objects = upload("refused", 1);
        double retried = messages("retried");
        // the verdict and then the ERROR marking are refused once each; the redelivered message succeeds
        EmbeddedS3.faults().fail("PUT", "tagging", "", 403, "AccessDenied", 2);
        send(objects);

        await("the queue is empty", () -> EmbeddedSqs.messagesLeft() == 0);

        assertTaggedOnceWithTheGoldenVerdict(objects, 2);
        assertEquals(1, messages("retried") - retried, "the first delivery is left for redelivery");
    }

    @Test
    void should_store_error_for_a_failed_scan_and_scan_it_again_on_redelivery() throws Exception {
        List<Uploaded> objects = upload("error", 1);
        Uploaded object = objects.get(0);
        double retried = messages("retried");
        // the verdict's tag write is refused once: the worker marks the object ERROR and leaves the message
        EmbeddedS3.faults().fail("PUT", "tagging", "", 403, "AccessDenied", 1);
        send(objects);

        await("the object is marked ERROR", () -> "ERROR".equals(status(object)));
        await("the message is left for redelivery", () -> messages("retried") - retried == 1);
        assertEquals(1, EmbeddedSqs.messagesLeft(), "the message is not deleted while its object is ERROR");

        await("the queue is empty", () -> EmbeddedSqs.messagesLeft() == 0);
        assertEquals(golden(object.image()), status(object), "the redelivered message scanned the ERROR object again");
        // refused verdict, ERROR marking, verdict on redelivery
        assertEquals(2, tagWrites(object, 1), "tag writes of " + object.key());
    }
}
