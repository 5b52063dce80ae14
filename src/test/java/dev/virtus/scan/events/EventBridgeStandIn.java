package dev.virtus.scan.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in for EventBridge's {@code PutEvents} (AWS JSON 1.1). By default it accepts every entry, as
 * the service does; answers queued with {@link #answerNext} are given first, one per call: an HTTP error
 * (throttling, 5xx) or a 200 that refuses some entries ({@code FailedEntryCount}). It keeps each request
 * (the {@code X-Amz-Target} and {@code Authorization} headers, the JSON body, and what it answered), readable
 * in process or, for Quarkus tests that run in another class loader, over HTTP ({@code GET /__received}); answers
 * can be queued over HTTP as well ({@code POST /__answers}, a JSON list of {@link Answer}s).
 */
public final class EventBridgeStandIn implements AutoCloseable {

    static final String RECEIVED = "/__received";
    static final String ANSWERS = "/__answers";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One scripted answer: {@code status} 200 refuses the entries at {@code refused} (0-based) with
     * {@code InternalFailure}; any other status answers an AWS JSON error of type {@code errorType}.
     */
    public record Answer(int status, String errorType, Set<Integer> refused) {

        public Answer {
            refused = refused == null ? Set.of() : Set.copyOf(refused);
        }

        public static Answer error(int status, String errorType) {
            return new Answer(status, errorType, Set.of());
        }

        public static Answer refusing(Integer... entries) {
            return new Answer(200, null, Set.of(entries));
        }
    }

    private final HttpServer server;
    private final List<ObjectNode> received = new CopyOnWriteArrayList<>();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();

    private EventBridgeStandIn(HttpServer server) {
        this.server = server;
    }

    public static EventBridgeStandIn start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EventBridgeStandIn standIn = new EventBridgeStandIn(server);
        server.createContext("/", standIn::putEvents);
        server.createContext(RECEIVED, exchange -> respond(exchange, 200, JSON.writeValueAsBytes(standIn.received)));
        server.createContext(ANSWERS, exchange -> {
            standIn.answerNext(JSON.readValue(exchange.getRequestBody(), Answer[].class));
            respond(exchange, 204, new byte[0]);
        });
        server.start();
        return standIn;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues answers for the next calls, in order; after them every entry is accepted again. */
    public void answerNext(Answer... answers) {
        script.addAll(List.of(answers));
    }

    /** Every PutEvents request so far: {@code target}, {@code authorization}, {@code body}, {@code status}, {@code refused}. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The detail of every entry accepted so far, oldest first. */
    public List<JsonNode> accepted() {
        return acceptedDetails(received());
    }

    static List<JsonNode> acceptedDetails(List<JsonNode> requests) {
        List<JsonNode> details = new ArrayList<>();
        for (JsonNode request : requests) {
            if (request.path("status").asInt() != 200) {
                continue;
            }
            JsonNode entries = request.path("body").path("Entries");
            Set<Integer> refused = new HashSet<>();
            request.path("refused").forEach(index -> refused.add(index.asInt()));
            for (int i = 0; i < entries.size(); i++) {
                if (!refused.contains(i)) {
                    try {
                        details.add(JSON.readTree(entries.get(i).path("Detail").asText()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return details;
    }

    private void putEvents(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        Answer answer = script.poll();
        if (answer == null) {
            answer = Answer.refusing();
        }
        ObjectNode request = JSON.createObjectNode();
        request.put("target", exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        request.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
        request.set("body", body);
        request.put("status", answer.status());
        ArrayNode refused = request.putArray("refused");
        answer.refused().stream().sorted().forEach(refused::add);
        received.add(request);
        if (answer.status() != 200) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", answer.errorType());
            respond(exchange, answer.status(), JSON.writeValueAsBytes(
                    JSON.createObjectNode().put("__type", answer.errorType()).put("message", "scripted " + answer.errorType())));
            return;
        }
        ObjectNode result = JSON.createObjectNode();
        ArrayNode entries = result.putArray("Entries");
        int failed = 0;
        for (int i = 0; i < body.path("Entries").size(); i++) {
            if (answer.refused().contains(i)) {
                entries.addObject().put("ErrorCode", "InternalFailure").put("ErrorMessage", "scripted refusal");
                failed++;
            } else {
                entries.addObject().put("EventId", "event-" + received.size() + "-" + i);
            }
        }
        result.put("FailedEntryCount", failed);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        respond(exchange, 200, JSON.writeValueAsBytes(result));
    }

    private static void respond(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        try (exchange) {
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
