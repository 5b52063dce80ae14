package dev.virtus.scan.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.s3.EmbeddedS3;
import software.amazon.awssdk.core.sync.RequestBody;

/** Each kind of source brings its own bytes: a loopback HTTP server, the embedded S3 server, the request itself. */
class ImageFetcherTest {

    private static final byte[] FROM_URL = "from the url".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FROM_S3 = "from s3".getBytes(StandardCharsets.US_ASCII);

    private static HttpServer server;
    private static UrlFetcher urls;
    private static ImageFetcher fetcher;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/image.png", exchange -> {
            exchange.sendResponseHeaders(200, FROM_URL.length);
            exchange.getResponseBody().write(FROM_URL);
            exchange.close();
        });
        server.start();
        EmbeddedS3.bucket("image-fetcher", false).putObject(b -> b.bucket("image-fetcher").key("image.png"), RequestBody.fromBytes(FROM_S3));
        VirtusConfig config = VirtusConfigs.of("virtus.fetch.allow-http", "true", "virtus.fetch.allowed-cidrs", "127.0.0.0/8");
        urls = new UrlFetcher(config);
        fetcher = new ImageFetcher(urls, new S3ObjectReader(EmbeddedS3.client(), config));
    }

    @AfterAll
    static void stop() throws IOException {
        urls.close();
        server.stop(0);
    }

    @Test
    void should_download_a_url() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/image.png";

        assertArrayEquals(FROM_URL, fetcher.fetch(new ImageSource.Url(url)));
    }

    @Test
    void should_read_an_s3_object() {
        assertArrayEquals(FROM_S3, fetcher.fetch(new ImageSource.S3(new S3ObjectId("image-fetcher", "image.png", null))));
    }

    @Test
    void should_hand_back_inline_bytes() {
        byte[] inline = {1, 2, 3};

        assertArrayEquals(inline, fetcher.fetch(new ImageSource.Inline(inline)));
    }
}
