package dev.virtus.scan.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One {@link EventBridgeStandIn} for the Quarkus tests, set as the function's event bus endpoint. Quarkus tests
 * run in another class loader than the one serving, so the test reads it and scripts it over HTTP.
 */
public class EmbeddedEventBridge implements QuarkusTestResourceLifecycleManager {

    private static final String ENDPOINT = "embedded-eventbridge.endpoint";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Map<String, String> start() {
        synchronized (System.class) {
            if (System.getProperty(ENDPOINT) == null) {
                EventBridgeStandIn standIn = EventBridgeStandIn.start();
                Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
                System.setProperty(ENDPOINT, standIn.endpoint().toString());
            }
        }
        // the default credential chain reads these; the signature is checked for its shape only
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        return Map.of("virtus.events.event-bus", "virtus-test-bus",
                "virtus.events.region", "us-east-1",
                "virtus.events.endpoint-override", System.getProperty(ENDPOINT));
    }

    @Override
    public void stop() {
    }

    /** Every PutEvents request received so far: {@code target}, {@code authorization}, {@code body}, {@code status}, {@code refused}. */
    public static List<JsonNode> received() {
        String body = send(HttpRequest.newBuilder(URI.create(System.getProperty(ENDPOINT) + EventBridgeStandIn.RECEIVED)).build());
        try {
            List<JsonNode> requests = new ArrayList<>();
            JSON.readTree(body).forEach(requests::add);
            return requests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Queues answers for the next PutEvents calls (see {@link EventBridgeStandIn#answerNext}). */
    public static void answerNext(EventBridgeStandIn.Answer... answers) {
        try {
            send(HttpRequest.newBuilder(URI.create(System.getProperty(ENDPOINT) + EventBridgeStandIn.ANSWERS))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(answers))).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The detail of every accepted event for {@code bucket/key}, oldest first. */
    public static List<JsonNode> detailsFor(String bucket, String key) {
        return EventBridgeStandIn.acceptedDetails(received()).stream()
                .filter(detail -> detail.path("bucket").asText().equals(bucket) && detail.path("key").asText().equals(key))
                .toList();
    }

    private static String send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
