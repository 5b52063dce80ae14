package dev.virtus.scan.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy in front of the S3 server that answers chosen requests with S3 error responses (503
 * SlowDown, 403 AccessDenied) and forwards everything else unchanged: real S3 protocol errors, without
 * mocking our own code. It can also interleave another client's request with the application's (an
 * overwrite between the application's read and its write), at an exact point of the exchange.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    private static final String CONTROL = "/__faults";
    private static final String INTERLEAVE = "/__interleave";
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    /** Requests with this method whose raw query contains {@code queryContains} and not {@code queryExcludes}. */
    private record Fault(String method, String queryContains, String queryExcludes, int status, String code, AtomicInteger remaining) {
        boolean matches(HttpExchange exchange) {
            String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            return exchange.getRequestMethod().equals(method) && query.contains(queryContains)
                    && (queryExcludes.isEmpty() || !query.contains(queryExcludes))
                    && remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
        }
    }

    /**
     * Once, on the first request with this method whose raw path ends with {@code pathEnds} and whose raw query
     * contains {@code queryContains} and not {@code queryExcludes}: sends {@code request} straight to the S3
     * server, before forwarding the matched request ({@code before}) or after its answer came back but
     * before the application sees it.
     */
    private record Interleaving(boolean before, String method, String pathEnds, String queryContains, String queryExcludes,
            String requestMethod, String requestPath, byte[] requestBody, AtomicInteger remaining) {
        boolean matches(HttpExchange exchange) {
            String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            return exchange.getRequestMethod().equals(method) && exchange.getRequestURI().getRawPath().endsWith(pathEnds)
                    && query.contains(queryContains) && (queryExcludes.isEmpty() || !query.contains(queryExcludes))
                    && remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
        }
    }

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI upstream;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<Interleaving> interleavings = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public FaultInjectingProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.createContext(CONTROL, this::control);
        server.createContext(INTERLEAVE, this::interleave);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Faults are set over HTTP, not by method calls: Quarkus tests run in their own class loader, so
     * the test that sets a fault may see another copy of this class than the one serving.
     */
    private void control(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            switch (exchange.getRequestMethod()) {
                case "POST" -> {
                    String[] f = body.split("\\|", -1);
                    faults.add(new Fault(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], new AtomicInteger(Integer.parseInt(f[5]))));
                }
                case "DELETE" -> {
                    faults.clear();
                    interleavings.clear();
                }
                default -> {
                    byte[] log = String.join("\n", requests).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, log.length == 0 ? -1 : log.length);
                    exchange.getResponseBody().write(log);
                    return;
                }
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private void interleave(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] f = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("\\|", -1);
            interleavings.add(new Interleaving(Boolean.parseBoolean(f[0]), f[1], f[2], f[3], f[4], f[5], f[6],
                    Base64.getDecoder().decode(f[7]), new AtomicInteger(1)));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** Sets faults on, and reads the request log of, a running proxy. */
    public static final class Control {
        private final URI control;
        private final URI interleave;
        private final HttpClient client = HttpClient.newHttpClient();

        public Control(URI proxy) {
            this.control = proxy.resolve(CONTROL);
            this.interleave = proxy.resolve(INTERLEAVE);
        }

        /**
         * Once, when the application sends {@code method} to a path ending with {@code pathEnds} (raw query
         * containing {@code queryContains}, not {@code queryExcludes}), another client sends
         * {@code requestMethod requestPath} with {@code requestBody} to the S3 server: before the application's
         * request is forwarded when {@code before}, else after its answer arrived and before the application gets it.
         */
        public void interleave(boolean before, String method, String pathEnds, String queryContains, String queryExcludes,
                String requestMethod, String requestPath, byte[] requestBody) {
            send(interleave, "POST", String.join("|", "" + before, method, pathEnds, queryContains, queryExcludes, requestMethod,
                    requestPath, Base64.getEncoder().encodeToString(requestBody)));
        }

        /** The next {@code times} requests with this method and a matching raw query get the S3 error instead. */
        public void fail(String method, String queryContains, String queryExcludes, int status, String code, int times) {
            send(control, "POST", String.join("|", method, queryContains, queryExcludes, "" + status, code, "" + times));
        }

        public void clearFaults() {
            send(control, "DELETE", "");
        }

        /** Every request seen so far, as {@code METHOD /path?query}, undecoded. */
        public List<String> requests() {
            String log = send(control, "GET", "");
            return log.isEmpty() ? List.of() : List.of(log.split("\n"));
        }

        private String send(URI target, String method, String body) {
            try {
                return client.send(HttpRequest.newBuilder(target).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            for (Fault fault : faults) {
                if (fault.matches(exchange)) {
                    exchange.getRequestBody().readAllBytes();
                    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + fault.code()
                            + "</Code><Message>injected by the test</Message></Error>").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/xml");
                    exchange.sendResponseHeaders(fault.status(), body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
            }
            Interleaving interleaving = interleavings.stream().filter(i -> i.matches(exchange)).findFirst().orElse(null);
            if (interleaving != null && interleaving.before()) {
                send(interleaving);
            }
            forward(exchange, interleaving != null && !interleaving.before() ? interleaving : null);
        }
    }

    private void send(Interleaving interleaving) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(upstream.resolve(interleaving.requestPath()))
                .method(interleaving.requestMethod(), HttpRequest.BodyPublishers.ofByteArray(interleaving.requestBody())).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IOException("interleaved " + interleaving.requestMethod() + " " + interleaving.requestPath() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void forward(HttpExchange exchange, Interleaving after) throws IOException {
        byte[] requestBody;
        try (InputStream in = exchange.getRequestBody()) {
            requestBody = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(requestBody));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (after != null) {
            send(after);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        boolean head = exchange.getRequestMethod().equals("HEAD");
        byte[] body = response.body();
        if (head) {
            response.headers().firstValue("Content-Length").ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
        }
        exchange.sendResponseHeaders(response.statusCode(), head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
