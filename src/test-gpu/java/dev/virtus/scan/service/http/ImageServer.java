package dev.virtus.scan.service.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import dev.virtus.scan.Fixtures;

/**
 * Serves {@code /image.png} (a fixture image) at once and {@code /trickle.png} a byte every 100 ms for
 * {@link #TRICKLE}, on loopback, for the service's downloads.
 */
final class ImageServer implements AutoCloseable {

    static final Duration TRICKLE = Duration.ofSeconds(3);
    static final String IMAGE = "png-rgb.png";
    static final long OVERSIZED = 20L * 1024 * 1024 + 1;

    final CountDownLatch trickleStarted = new CountDownLatch(1);
    final CountDownLatch trickleEnded = new CountDownLatch(1);
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    ImageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/image.png", exchange -> {
            byte[] png = Fixtures.bytes(Fixtures.IMAGES.resolve(IMAGE));
            exchange.sendResponseHeaders(200, png.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(png);
            }
        });
        server.createContext("/trickle.png", exchange -> {
            int bytes = (int) (TRICKLE.toMillis() / 100);
            exchange.sendResponseHeaders(200, bytes);
            trickleStarted.countDown();
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < bytes; i++) {
                    body.write(0x89);
                    body.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                trickleEnded.countDown();
            }
        });
        // declares one byte more than virtus.decode.max-bytes' default and sends none of them
        server.createContext("/oversized.png", exchange -> {
            exchange.sendResponseHeaders(200, OVERSIZED);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
    }

    /** The {@code POST /classify} request for {@code path} on this server. */
    String request(String path) {
        return "{\"url\": \"http://127.0.0.1:" + server.getAddress().getPort() + path + "\"}";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
