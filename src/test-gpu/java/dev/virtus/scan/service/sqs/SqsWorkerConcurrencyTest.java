package dev.virtus.scan.service.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import jakarta.annotation.Priority;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.virtus.scan.Await;
import dev.virtus.scan.PackagedApp;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.event.ObjectCreated;
import dev.virtus.scan.function.S3Events;
import dev.virtus.scan.service.config.ServiceConfig;
import dev.virtus.scan.service.health.QueueReachableCheck;
import dev.virtus.scan.service.health.WorkerLivenessCheck;
import dev.virtus.scan.service.model.ModelLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The queue worker's concurrency against a real SQS server (ElasticMQ, visibility timeout 2 s), with a stand-in
 * scanner whose speed the test controls: a slow message blocks nobody and is not delivered twice (its
 * visibility is extended), stopping finishes what is in flight and receives nothing more, and a poller that
 * dies turns liveness DOWN.
 */
class SqsWorkerConcurrencyTest {

    private static final EmbeddedSqs SQS = new EmbeddedSqs();
    private static Map<String, String> sqsConfig;

    private final Map<String, AtomicInteger> scans = new ConcurrentHashMap<>();
    private final CountDownLatch slowEntered = new CountDownLatch(1);
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private SqsWorker worker;

    private record Sqs(Optional<String> queueUrl, Optional<URI> endpointOverride, Optional<String> region, Duration waitTime,
            int maxMessages, Optional<Duration> visibilityTimeout, int concurrency, int maxRecordsPerMessage) implements ServiceConfig.Sqs {
    }

    @BeforeAll
    static void startSqs() {
        sqsConfig = SQS.start();
    }

    @AfterAll
    static void stopSqs() {
        SQS.stop();
    }

    @AfterEach
    void stopWorker() {
        releaseSlow.countDown();
        if (worker != null) {
            worker.stop();
        }
        try (SqsClient sqs = EmbeddedSqs.client()) {
            sqs.purgeQueue(b -> b.queueUrl(EmbeddedSqs.queueUrl()));
        }
    }

    private static Sqs config(String queueUrl, int concurrency) {
        return new Sqs(Optional.of(queueUrl), Optional.of(URI.create(sqsConfig.get("virtus.sqs.endpoint-override"))),
                Optional.of("us-east-1"), Duration.ofSeconds(1), 10, Optional.empty(), concurrency, 10);
    }

    /** The stand-in for ScanService: counts each key's scans; keys starting with "slow" wait for the test. */
    private void scan(List<ObjectCreated> objects) {
        for (ObjectCreated object : objects) {
            scans.computeIfAbsent(object.key(), k -> new AtomicInteger()).incrementAndGet();
            if (object.key().startsWith("slow")) {
                slowEntered.countDown();
                try {
                    releaseSlow.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private SqsWorker worker(SqsWorker.ModelGate model, int concurrency) {
        return new SqsWorker(config(EmbeddedSqs.queueUrl(), concurrency), EmbeddedSqs::client, this::scan, model, new ObjectMapper(), registry);
    }

    private static void send(String key) {
        String event = S3Events.objectCreated("ObjectCreated:Put", "uploads", key, null, 100, "etag");
        try (SqsClient sqs = EmbeddedSqs.client()) {
            sqs.sendMessage(b -> b.queueUrl(EmbeddedSqs.queueUrl()).messageBody(event));
        }
    }

    /** One message naming {@code keys}, one record each, as a sender other than S3 could pack it. */
    private static void sendPacked(String... keys) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode event = (ObjectNode) json.readTree(S3Events.objectCreated("ObjectCreated:Put", "uploads", keys[0], null, 100, "etag"));
        ArrayNode records = (ArrayNode) event.get("Records");
        for (int i = 1; i < keys.length; i++) {
            records.add(json.readTree(S3Events.objectCreated("ObjectCreated:Put", "uploads", keys[i], null, 100, "etag")).get("Records").get(0));
        }
        try (SqsClient sqs = EmbeddedSqs.client()) {
            sqs.sendMessage(b -> b.queueUrl(EmbeddedSqs.queueUrl()).messageBody(event.toString()));
        }
    }

    private int scanned(String key) {
        AtomicInteger count = scans.get(key);
        return count == null ? 0 : count.get();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(20), condition);
    }

    @Test
    void should_keep_receiving_while_a_slow_message_is_scanned_and_extend_its_visibility() throws Exception {
        worker = worker(() -> { }, 4);
        worker.start();
        send("slow-1.png");
        assertTrue(slowEntered.await(20, TimeUnit.SECONDS), "the slow message is being scanned");

        for (int i = 0; i < 6; i++) {
            send("fast-" + i + ".png");
        }
        await("the six fast messages are scanned while the slow one is not finished",
                () -> java.util.stream.IntStream.range(0, 6).allMatch(i -> scanned("fast-" + i + ".png") == 1));
        await("only the slow message is still in flight", () -> worker.inFlight() == 1);
        assertEquals(0, EmbeddedSqs.messagesLeft() - 1, "the fast messages are deleted, the slow one is not");

        // Two and a half visibility timeouts (2 s) later the slow message has still not been delivered again.
        Thread.sleep(5000);
        assertEquals(1, scanned("slow-1.png"), "the slow message's visibility is extended, no second delivery");
        assertTrue(registry.counter("virtus.sqs.messages", "outcome", "visibility-extended").count() >= 2,
                "ChangeMessageVisibility was called while scanning");

        releaseSlow.countDown();
        await("the queue is empty", () -> EmbeddedSqs.messagesLeft() == 0);
        assertEquals(1, scanned("slow-1.png"));
        assertEquals(7, registry.counter("virtus.sqs.messages", "outcome", "scanned").count(), 0.0);
    }

    @Test
    void should_leave_a_message_packed_with_more_records_than_allowed_unscanned_for_the_redrive_policy() throws Exception {
        worker = worker(() -> { }, 2);
        worker.start();
        String[] packed = java.util.stream.IntStream.range(0, 11).mapToObj(i -> "packed-" + i + ".png").toArray(String[]::new);
        sendPacked(packed);
        sendPacked("pair-0.png", "pair-1.png");

        await("the two-record message is scanned and deleted", () -> scanned("pair-0.png") == 1 && scanned("pair-1.png") == 1
                && registry.counter("virtus.sqs.messages", "outcome", "scanned").count() == 1);
        await("the packed message is refused", () -> registry.counter("virtus.sqs.messages", "outcome", "unreadable").count() >= 1);
        worker.stop();

        assertEquals(0, java.util.Arrays.stream(packed).mapToInt(this::scanned).sum(), "no record of the packed message is scanned");
        assertEquals(1, EmbeddedSqs.messagesLeft(), "the packed message stays for the redrive policy");
    }

    @Test
    void should_finish_the_messages_in_flight_and_receive_nothing_more_when_stopped() throws Exception {
        worker = worker(() -> { }, 4);
        worker.start();
        send("slow-stop.png");
        assertTrue(slowEntered.await(20, TimeUnit.SECONDS));

        Thread stopping = new Thread(worker::stop, "test-stop");
        stopping.start();
        stopping.join(1500);
        assertTrue(stopping.isAlive(), "stop waits for the message in flight");
        send("after-stop.png");
        Thread.sleep(1500);
        assertEquals(0, scanned("after-stop.png"), "nothing is received once stopping");

        releaseSlow.countDown();
        stopping.join(10_000);
        assertFalse(stopping.isAlive(), "stop returns once the message in flight is finished");
        assertEquals(1, registry.counter("virtus.sqs.messages", "outcome", "scanned").count(), 0.0, "the message in flight was scanned and deleted");
        assertEquals(1, EmbeddedSqs.messagesLeft(), "the message sent while stopping stays in the queue");
        assertEquals(0, EmbeddedSqs.messagesInFlight());
    }

    @Test
    void should_turn_liveness_down_when_the_poller_dies() throws Exception {
        worker = worker(() -> {
            throw new IllegalStateException("test: the model could not be awaited");
        }, 1);
        WorkerLivenessCheck liveness = new WorkerLivenessCheck(worker);
        worker.start();

        await("the poller has died", () -> worker.died() != null);

        HealthCheckResponse response = liveness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertTrue(response.getData().orElseThrow().get("error").toString().contains("could not be awaited"), response.getData().toString());
    }

    @Test
    void should_stop_the_worker_before_the_model_closes() throws Exception {
        int worker = shutdownPriority(SqsWorker.class.getDeclaredMethod("onStop", ShutdownEvent.class));
        int model = shutdownPriority(ModelLoader.class.getDeclaredMethod("onStop", ShutdownEvent.class));

        assertTrue(worker < model, "ShutdownEvent observers run by ascending priority: worker " + worker + ", model " + model);
    }

    private static int shutdownPriority(Method observer) {
        Parameter event = observer.getParameters()[0];
        Priority priority = event.getAnnotation(Priority.class);
        assertNotNull(priority, observer + " has a @Priority");
        return priority.value();
    }

    @Test
    void should_report_the_queue_unreachable_and_reachable() {
        int closed = PackagedApp.freePort();
        Sqs unreachable = config("http://127.0.0.1:" + closed + "/000000000000/" + EmbeddedSqs.QUEUE, 1);
        try (SqsClient nowhere = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + closed)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
                SqsClient real = EmbeddedSqs.client()) {
            var down = new QueueReachableCheck(unreachable, () -> nowhere).call();
            var up = new QueueReachableCheck(config(EmbeddedSqs.queueUrl(), 1), () -> real).call();

            assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
            assertEquals(HealthCheckResponse.Status.UP, up.getStatus());
            assertEquals("0", up.getData().orElseThrow().get("visible").toString());
        }
    }
}
