package dev.virtus.scan.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The part of the Lambda Runtime API a function uses (AWS docs, "Using the Lambda runtime API for custom
 * runtimes"): {@code GET /2018-06-01/runtime/invocation/next} blocks until an event is queued, then the runtime
 * posts the answer to {@code .../invocation/{id}/response} or {@code .../invocation/{id}/error}, and reports a
 * failed start to {@code /runtime/init/error}. Events are invoked one at a time, as Lambda does per instance.
 */
public final class LambdaRuntimeApiServer implements AutoCloseable {

    /**
     * What the runtime answered for the invocation {@code requestId} (the {@code Lambda-Runtime-Aws-Request-Id} it
     * was given): {@code error} is true when it posted to the error endpoint.
     */
    public record Answer(String requestId, boolean error, String body, long receivedNanos) {
    }

    private static final String PREFIX = "/2018-06-01/runtime";
    private static final Pattern INVOCATION = Pattern.compile(PREFIX + "/invocation/([^/]+)/(response|error)");

    private record Invocation(String requestId, String event) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "lambda-runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();

    public LambdaRuntimeApiServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}: host and port, no scheme. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Queues {@code event} and waits for the runtime's answer, failing early if the runtime reports an init error.
     */
    public Answer invoke(String event, Duration timeout) throws InterruptedException, TimeoutException {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        answers.put(requestId, answer);
        pending.add(new Invocation(requestId, event));
        try {
            Object first = CompletableFuture.anyOf(answer, initError).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (first instanceof String error) {
                throw new IllegalStateException("the function failed to start: " + error);
            }
            return (Answer) first;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** When the runtime first asked for an event: the end of Lambda's init phase. */
    public long awaitFirstPoll(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            Object first = CompletableFuture.anyOf(firstPoll, initError).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (first instanceof String error) {
                throw new IllegalStateException("the function failed to start: " + error);
            }
            return (Long) first;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals(PREFIX + "/invocation/next")) {
                next(exchange);
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher invocation = INVOCATION.matcher(path);
            if (method.equals("POST") && invocation.matches()) {
                CompletableFuture<Answer> answer = answers.remove(invocation.group(1));
                if (answer == null) {
                    respond(exchange, 400, "{\"errorMessage\":\"unknown request id\"}");
                    return;
                }
                answer.complete(new Answer(invocation.group(1), invocation.group(2).equals("error"), body, System.nanoTime()));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.equals(PREFIX + "/init/error")) {
                initError.complete(body);
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                respond(exchange, 404, "{\"errorMessage\":\"not part of this Runtime API\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPoll.complete(System.nanoTime());
        Invocation invocation;
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 900_000));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:virtus-scan");
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        respond(exchange, 200, invocation.event());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
