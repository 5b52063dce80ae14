package dev.virtus.scan.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.fetch.AddressPolicy.AddressClass;
import dev.virtus.scan.fetch.FetchException.Reason;

/**
 * The URL guard against a real HTTP server on loopback. Loopback is permitted here so that the server
 * is reachable; every other rule stays on, which is what lets a redirect to a private address be refused.
 */
class UrlFetcherTest {

    private static final byte[] BODY = "an image, as far as HTTP is concerned".getBytes();

    private HttpServer server;
    private UrlFetcher fetcher;

    private static VirtusConfig.Fetch settings() {
        return new VirtusConfig.Fetch() {
            @Override
            public boolean allowHttp() {
                return true;
            }

            @Override
            public boolean allowPrivateAddresses() {
                return false;
            }

            @Override
            public int maxRedirects() {
                return 3;
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration readTimeout() {
                return Duration.ofSeconds(2);
            }
        };
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/image", exchange -> {
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.createContext("/big-declared", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().close();
        });
        server.createContext("/big-streamed", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[64]);
                }
            }
        });
        server.createContext("/to-metadata", redirect("http://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-private", redirect("http://10.0.0.7/image"));
        server.createContext("/hop", exchange -> redirect(exchange.getRequestURI().getPath() + "/again").handle(exchange));
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        fetcher = new UrlFetcher(settings(), 512, new AddressPolicy(Set.of(AddressClass.LOOPBACK)));
    }

    private static com.sun.net.httpserver.HttpHandler redirect(String location) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        };
    }

    @AfterEach
    void stop() throws IOException {
        fetcher.close();
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void should_download_the_body() {
        assertArrayEquals(BODY, fetcher.fetch(url("/image")));
    }

    @Test
    void should_refuse_a_body_declared_larger_than_the_limit() {
        FetchException error = assertThrows(FetchException.class, () -> fetcher.fetch(url("/big-declared")));

        assertEquals(Reason.TOO_LARGE, error.reason());
        assertTrue(error.getMessage().contains("declares 1000 bytes"), error.getMessage());
    }

    @Test
    void should_stop_reading_a_body_that_runs_past_the_limit() {
        FetchException error = assertThrows(FetchException.class, () -> fetcher.fetch(url("/big-streamed")));

        assertEquals(Reason.TOO_LARGE, error.reason());
        assertTrue(error.getMessage().contains("more than the limit of 512 bytes"), error.getMessage());
    }

    @Test
    void should_refuse_a_redirect_to_the_instance_metadata_service() {
        FetchException error = assertThrows(FetchException.class, () -> fetcher.fetch(url("/to-metadata")));

        assertEquals(Reason.REFUSED_URL, error.reason());
        assertTrue(error.getMessage().contains("169.254.169.254"), error.getMessage());
    }

    @Test
    void should_refuse_a_redirect_to_a_private_address() {
        FetchException error = assertThrows(FetchException.class, () -> fetcher.fetch(url("/to-private")));

        assertEquals(Reason.REFUSED_URL, error.reason());
        assertTrue(error.getMessage().contains("10.0.0.7") && error.getMessage().contains("private"), error.getMessage());
    }

    @Test
    void should_follow_at_most_three_redirects() {
        FetchException error = assertThrows(FetchException.class, () -> fetcher.fetch(url("/hop")));

        assertEquals(Reason.REFUSED_URL, error.reason());
        assertTrue(error.getMessage().contains("more than 3 times"), error.getMessage());
    }

    @Test
    void should_report_a_missing_image_as_not_found() {
        FetchException error = assertThrows(FetchException.class, () -> fetcher.fetch(url("/missing")));

        assertEquals(Reason.NOT_FOUND, error.reason());
    }

    @Test
    void should_refuse_loopback_when_only_public_addresses_are_permitted() throws IOException {
        try (UrlFetcher strict = new UrlFetcher(settings(), 512, AddressPolicy.publicOnly())) {
            FetchException error = assertThrows(FetchException.class, () -> strict.fetch(url("/image")));

            assertEquals(Reason.REFUSED_URL, error.reason());
            assertTrue(error.getMessage().contains("loopback"), error.getMessage());
        }
    }
}
