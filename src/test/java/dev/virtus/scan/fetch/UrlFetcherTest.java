package dev.virtus.scan.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.virtus.scan.config.CidrRange;
import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.fetch.FetchException.Reason;

/**
 * The URL guard against a real HTTP server on loopback. 127.0.0.1 is an allowed range here so that the
 * server is reachable; every other rule stays on, which is what lets a redirect to a private address be refused.
 */
class UrlFetcherTest {

    private static final byte[] BODY = "an image, as far as HTTP is concerned".getBytes();

    private final AtomicInteger hops = new AtomicInteger();
    private HttpServer server;
    private UrlFetcher fetcher;
    /** Answers only once three requests are in at the same time. */
    private final java.util.concurrent.CountDownLatch rendezvous = new java.util.concurrent.CountDownLatch(3);
    private final java.util.concurrent.atomic.AtomicInteger metAtOnce = new java.util.concurrent.atomic.AtomicInteger();

    private record Settings(int maxRedirects, Duration connectTimeout, Duration readTimeout, Duration totalTimeout, int maxConnections)
            implements VirtusConfig.Fetch {
        @Override
        public boolean allowHttp() {
            return true;
        }

        @Override
        public Optional<List<CidrRange>> allowedCidrs() {
            return Optional.empty();
        }
    }

    /** The test server's address, and no other non-public one. */
    private static final AddressPolicy LOOPBACK = new AddressPolicy(List.of(CidrRange.of("127.0.0.1/32")));

    private static VirtusConfig.Fetch settings() {
        return new Settings(3, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10), 3);
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/rendezvous", exchange -> {
            rendezvous.countDown();
            try {
                if (rendezvous.await(1500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    metAtOnce.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
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
        server.createContext("/to-malformed", redirect("/image?q=%zz"));
        server.createContext("/hop", exchange -> {
            hops.incrementAndGet();
            redirect(exchange.getRequestURI().getPath() + "/again").handle(exchange);
        });
        server.createContext("/three-hops", exchange -> {
            // /three-hops -> /three-hops/again -> /three-hops/again/again -> /image: three redirects
            String path = exchange.getRequestURI().getPath();
            redirect(path.endsWith("/again/again") ? "/image" : path + "/again").handle(exchange);
        });
        server.createContext("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | IOException stoppedOrHungUp) {
                // the client gave up, as it should
            }
        });
        server.createContext("/stall", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try {
                Thread.sleep(5000);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        fetcher = new UrlFetcher(settings(), 512, LOOPBACK);
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
    void should_refuse_a_redirect_whose_location_is_malformed_when_it_is_followed() {
        FetchException error = assertThrows(FetchException.class, () -> fetcher.fetch(url("/to-malformed")));

        assertEquals(Reason.REFUSED_URL, error.reason());
        assertTrue(error.getMessage().contains("malformed Location '/image?q=%zz'"), error.getMessage());
    }

    @Test
    void should_follow_at_most_three_redirects() {
        FetchException error = assertThrows(FetchException.class, () -> fetcher.fetch(url("/hop")));

        assertEquals(Reason.REFUSED_URL, error.reason());
        assertTrue(error.getMessage().contains("more than 3 times"), error.getMessage());
        assertEquals(4, hops.get(), "requests the server saw: the URL and three redirects");
    }

    @Test
    void should_download_after_exactly_three_redirects() {
        assertArrayEquals(BODY, fetcher.fetch(url("/three-hops")));
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

    @Test
    void should_fetch_from_an_allowed_range_set_in_the_config_and_refuse_the_loopback_outside_it() throws IOException {
        VirtusConfig config = VirtusConfigs.of("virtus.fetch.allow-http", "true", "virtus.fetch.allowed-cidrs", "10.20.0.0/16, 127.0.0.1/32");
        InetAddress otherLoopback = InetAddress.getByName("127.0.0.2");
        try (UrlFetcher configured = new UrlFetcher(config);
                UrlFetcher runtimeApi = new UrlFetcher(config.fetch(), 512, new AddressPolicy(config.fetch().allowedCidrs().orElseThrow()),
                        host -> new InetAddress[] {otherLoopback})) {
            assertArrayEquals(BODY, configured.fetch(url("/image")));

            FetchException error = assertThrows(FetchException.class, () -> runtimeApi.fetch(namedUrl("runtime.test", "/image")));
            assertEquals(Reason.REFUSED_URL, error.reason());
            assertTrue(error.getMessage().contains("127.0.0.2") && error.getMessage().contains("virtus.fetch.allowed-cidrs"),
                    error.getMessage());
        }
    }

    @Test
    void should_refuse_a_host_when_any_of_its_addresses_is_refused() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress privateAddress = InetAddress.getByName("10.0.0.7");
        try (UrlFetcher twoAddresses = new UrlFetcher(settings(), 512, LOOPBACK,
                host -> new InetAddress[] {loopback, privateAddress})) {
            FetchException error = assertThrows(FetchException.class, () -> twoAddresses.fetch(namedUrl("images.test", "/image")));

            assertEquals(Reason.REFUSED_URL, error.reason());
            assertTrue(error.getMessage().contains("10.0.0.7"), error.getMessage());
        }
    }

    @Test
    void should_connect_to_the_addresses_it_checked_resolving_once() throws IOException {
        AtomicInteger lookups = new AtomicInteger();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        // images.test exists in no DNS: the download can only succeed on the address this lookup handed over
        try (UrlFetcher pinned = new UrlFetcher(settings(), 512, LOOPBACK, host -> {
            lookups.incrementAndGet();
            return new InetAddress[] {loopback};
        })) {
            assertArrayEquals(BODY, pinned.fetch(namedUrl("images.test", "/image")));
            assertEquals(1, lookups.get());
        }
    }

    @Test
    void should_keep_as_many_connections_to_one_host_as_the_setting_allows() throws Exception {
        var pool = Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<byte[]>> fetches = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fetches.add(pool.submit(() -> fetcher.fetch(url("/rendezvous"))));
            }
            for (var fetch : fetches) {
                assertArrayEquals(BODY, fetch.get(10, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(3, metAtOnce.get(), "three fetches were at the server at once (HttpClient's default is two per host)");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_give_up_on_a_body_trickling_past_the_total_timeout() throws IOException {
        Duration total = Duration.ofMillis(600);
        try (UrlFetcher impatient = new UrlFetcher(new Settings(3, Duration.ofSeconds(2), Duration.ofSeconds(2), total, 3), 512,
                LOOPBACK)) {
            long start = System.nanoTime();
            FetchException error = assertThrows(FetchException.class, () -> impatient.fetch(url("/trickle")));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(Reason.TIMED_OUT, error.reason());
            assertTrue(error.getMessage().contains("virtus.fetch.total-timeout"), error.getMessage());
            // the trickle lasts 10 s, a byte every 100 ms, so the read timeout alone never ends it
            assertTrue(millis >= 600 && millis < 5000, millis + " ms");
        }
    }

    @Test
    void should_give_up_when_no_bytes_come_within_the_read_timeout() throws IOException {
        try (UrlFetcher impatient = new UrlFetcher(new Settings(3, Duration.ofSeconds(2), Duration.ofMillis(300),
                Duration.ofSeconds(30), 3), 512, LOOPBACK)) {
            long start = System.nanoTime();
            FetchException error = assertThrows(FetchException.class, () -> impatient.fetch(url("/stall")));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(Reason.UNAVAILABLE, error.reason());
            assertTrue(error.getMessage().contains("Read timed out"), error.getMessage());
            assertTrue(millis < 4000, millis + " ms: the server stalls for 5 s");
        }
    }

    @Test
    void should_give_up_when_the_connection_is_not_accepted_within_the_connect_timeout() throws IOException {
        // A listener that never accepts, its backlog filled: further connection attempts get no answer.
        try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                UrlFetcher impatient = new UrlFetcher(new Settings(3, Duration.ofMillis(300), Duration.ofSeconds(2),
                        Duration.ofSeconds(30), 3), 512, LOOPBACK)) {
            List<Socket> filling = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket socket = new Socket();
                    socket.connect(deaf.getLocalSocketAddress(), 200);
                    filling.add(socket);
                }
            } catch (IOException backlogFull) {
                // expected once the queue is full
            }
            long start = System.nanoTime();
            FetchException error = assertThrows(FetchException.class,
                    () -> impatient.fetch("http://127.0.0.1:" + deaf.getLocalPort() + "/image"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            for (Socket socket : filling) {
                socket.close();
            }

            assertEquals(Reason.UNAVAILABLE, error.reason());
            assertTrue(error.getMessage().contains("connect timed out") || error.getMessage().contains("Connect timed out"),
                    error.getMessage());
            assertTrue(millis < 4000, millis + " ms");
        }
    }

    private String namedUrl(String host, String path) {
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }
}
