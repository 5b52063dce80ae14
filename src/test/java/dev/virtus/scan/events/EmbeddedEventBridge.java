package dev.virtus.scan.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A loopback stand-in for EventBridge's {@code PutEvents}: it accepts every entry, as the service does, and
 * keeps each request (the {@code X-Amz-Target} and {@code Authorization} headers and the JSON body) for the
 * test to read back over HTTP (Quarkus tests run in another class loader than the one serving).
 */
public class EmbeddedEventBridge implements QuarkusTestResourceLifecycleManager {

    private static final String ENDPOINT = "embedded-eventbridge.endpoint";
    private static final String RECEIVED = "/__received";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Map<String, String> start() {
        startOnce();
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

    private static void startOnce() {
        synchronized (System.class) {
            if (System.getProperty(ENDPOINT) != null) {
                return;
            }
            List<ObjectNode> received = new CopyOnWriteArrayList<>();
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    JsonNode body = JSON.readTree(exchange.getRequestBody());
                    ObjectNode request = JSON.createObjectNode();
                    request.put("target", exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                    request.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
                    request.set("body", body);
                    received.add(request);
                    ObjectNode answer = JSON.createObjectNode().put("FailedEntryCount", 0);
                    ArrayNode entries = answer.putArray("Entries");
                    body.path("Entries").forEach(entry -> entries.addObject().put("EventId", "event-" + received.size()));
                    byte[] bytes = JSON.writeValueAsBytes(answer);
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            });
            server.createContext(RECEIVED, exchange -> {
                try (exchange) {
                    byte[] bytes = JSON.writeValueAsBytes(received);
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            });
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            System.setProperty(ENDPOINT, "http://127.0.0.1:" + server.getAddress().getPort());
        }
    }

    /** Every PutEvents request received so far: {@code target}, {@code authorization}, {@code body}. */
    public static List<JsonNode> received() {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(System.getProperty(ENDPOINT) + RECEIVED)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
            List<JsonNode> requests = new java.util.ArrayList<>();
            JSON.readTree(body).forEach(requests::add);
            return requests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The detail of every event published so far for {@code bucket/key}, oldest first. */
    public static List<JsonNode> detailsFor(String bucket, String key) {
        List<JsonNode> details = new java.util.ArrayList<>();
        for (JsonNode request : received()) {
            for (JsonNode entry : request.path("body").path("Entries")) {
                try {
                    JsonNode detail = JSON.readTree(entry.path("Detail").asText());
                    if (detail.path("bucket").asText().equals(bucket) && detail.path("key").asText().equals(key)) {
                        details.add(detail);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return details;
    }
}
