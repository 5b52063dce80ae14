package dev.virtus.scan.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.virtus.scan.config.CidrRange;
import dev.virtus.scan.Fixtures;
import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.fetch.AddressPolicy.AddressClass;
import dev.virtus.scan.fetch.FetchException.Reason;

/**
 * A redirect target passes the same guard as the URL asked for: with {@code virtus.fetch.allow-http} off (the default),
 * an HTTPS server on loopback ({@code images.test}, certificate in fixtures/tls) that redirects to http or to a URL
 * with user info is refused, while its redirect to https is followed. Also every address of fc00::/7, not only the
 * instance metadata service's.
 */
class UrlGuardTest {

    private static final byte[] BODY = "an image, as far as HTTP is concerned".getBytes(StandardCharsets.US_ASCII);
    private static final String HOST = "images.test";
    private static final String STORE_PASSWORD = "changeit";

    private static HttpsServer https;
    private static HttpServer http;
    private static UrlFetcher fetcher;

    @BeforeAll
    static void start() throws IOException, GeneralSecurityException {
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
        https.createContext("/image", UrlGuardTest::image);
        https.createContext("/to-https", redirect(() -> "https://" + HOST + ":" + https.getAddress().getPort() + "/image"));
        https.createContext("/to-http", redirect(() -> "http://" + HOST + ":" + http.getAddress().getPort() + "/image"));
        https.createContext("/to-user-info", redirect(() -> "https://user:secret@" + HOST + ":" + https.getAddress().getPort() + "/image"));
        https.createContext("/gone", status(410));
        https.createContext("/broken", status(500));
        https.createContext("/no-content", status(204));
        https.start();
        // the http target serves the image too: were the redirect followed, the fetch would succeed
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/image", UrlGuardTest::image);
        http.start();
        fetcher = trustingTheFixtureCertificate(() -> new UrlFetcher(VirtusConfigs.of().fetch(), 1024,
                new AddressPolicy(List.of(CidrRange.of("127.0.0.0/8"))), host -> new InetAddress[] {InetAddress.getByAddress(host,
                        InetAddress.getLoopbackAddress().getAddress())}));
    }

    @AfterAll
    static void stop() throws IOException {
        fetcher.close();
        https.stop(0);
        http.stop(0);
    }

    private static SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Fixtures.ROOT.resolve("tls/server.p12"))) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    /** The fetcher takes the JVM's default trust store when it is built: the fixture's certificate, for that moment only. */
    private static UrlFetcher trustingTheFixtureCertificate(java.util.function.Supplier<UrlFetcher> build) {
        String store = System.getProperty("javax.net.ssl.trustStore");
        String password = System.getProperty("javax.net.ssl.trustStorePassword");
        System.setProperty("javax.net.ssl.trustStore", Fixtures.ROOT.resolve("tls/trust.p12").toAbsolutePath().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", STORE_PASSWORD);
        try {
            return build.get();
        } finally {
            restore("javax.net.ssl.trustStore", store);
            restore("javax.net.ssl.trustStorePassword", password);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static void image(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, BODY.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(BODY);
        }
    }

    private static HttpHandler redirect(java.util.function.Supplier<String> location) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", location.get());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        };
    }

    private static HttpHandler status(int code) {
        return exchange -> {
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        };
    }

    private static String url(String path) {
        return "https://" + HOST + ":" + https.getAddress().getPort() + path;
    }

    @Test
    void should_follow_a_redirect_from_https_to_https() {
        assertArrayEquals(BODY, fetcher.fetch(url("/to-https")));
    }

    @Test
    void should_refuse_a_redirect_from_https_to_http_when_http_is_not_allowed() {
        FetchException refused = assertThrows(FetchException.class, () -> fetcher.fetch(url("/to-http")));

        assertEquals(Reason.REFUSED_URL, refused.reason());
        assertEquals("'http://" + HOST + ":" + http.getAddress().getPort() + "/image' is refused: only https URLs are fetched"
                + " (http needs virtus.fetch.allow-http=true)", refused.getMessage());
    }

    @Test
    void should_refuse_a_redirect_to_a_url_with_user_info() {
        FetchException refused = assertThrows(FetchException.class, () -> fetcher.fetch(url("/to-user-info")));

        assertEquals(Reason.REFUSED_URL, refused.reason());
        assertEquals("'https://user:secret@" + HOST + ":" + https.getAddress().getPort()
                + "/image' is refused: URLs with user info are not fetched", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fc00::", "fc00::1", "fcab:cdef:1234::5", "fd00::1", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"})
    void should_refuse_every_unique_local_address(String address) throws UnknownHostException {
        assertEquals(Optional.of(AddressClass.UNIQUE_LOCAL), AddressPolicy.publicOnly().refusal(InetAddress.getByName(address)));
    }

    private static FetchException refused(String url) {
        return assertThrows(FetchException.class, () -> fetcher.fetch(url));
    }

    @Test
    void should_refuse_an_http_url_when_http_is_not_allowed() {
        String url = "http://" + HOST + ":" + http.getAddress().getPort() + "/image";

        FetchException refused = refused(url);

        assertEquals(Reason.REFUSED_URL, refused.reason());
        assertEquals("'" + url + "' is refused: only https URLs are fetched (http needs virtus.fetch.allow-http=true)", refused.getMessage());
    }

    @Test
    void should_refuse_a_url_with_user_info() {
        FetchException refused = refused("https://user@" + HOST + ":" + https.getAddress().getPort() + "/image");

        assertEquals(Reason.REFUSED_URL, refused.reason());
        assertEquals("'https://user@" + HOST + ":" + https.getAddress().getPort() + "/image' is refused: URLs with user info are not fetched",
                refused.getMessage());
    }

    @Test
    void should_refuse_a_url_that_names_no_host() {
        FetchException refused = refused("https:///image");

        assertEquals(Reason.INVALID_REQUEST, refused.reason());
        assertEquals("'https:///image' names no host", refused.getMessage());
    }

    @Test
    void should_refuse_a_url_that_does_not_parse() {
        FetchException refused = refused("https://" + HOST + "/an image.png");

        assertEquals(Reason.INVALID_REQUEST, refused.reason());
        assertEquals("'https://images.test/an image.png' is not a valid URL: Illegal character in path at index 22: https://images.test/an image.png",
                refused.getMessage());
    }

    @Test
    void should_report_gone_as_not_found() {
        FetchException gone = refused(url("/gone"));

        assertEquals(Reason.NOT_FOUND, gone.reason());
        assertEquals(url("/gone") + " answered HTTP 410", gone.getMessage());
    }

    @Test
    void should_report_a_server_error_as_unavailable() {
        FetchException broken = refused(url("/broken"));

        assertEquals(Reason.UNAVAILABLE, broken.reason());
        assertEquals(url("/broken") + " answered HTTP 500", broken.getMessage());
    }

    @Test
    void should_report_an_answer_without_a_body_as_unavailable() {
        FetchException empty = refused(url("/no-content"));

        assertEquals(Reason.UNAVAILABLE, empty.reason());
        assertEquals(url("/no-content") + " answered without a body", empty.getMessage());
    }
}
