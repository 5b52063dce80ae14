package dev.virtus.scan.service.http;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A URL's own limit ({@code virtus.fetch.total-timeout}) shorter than the service's: also 504, not 502. */
@QuarkusTest
@TestProfile(UrlTotalTimeoutTest.ShortUrlLimit.class)
class UrlTotalTimeoutTest {

    public static class ShortUrlLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "virtus.fetch.total-timeout", "1s",
                    "virtus.http.fetch-timeout", "20s",
                    "virtus.fetch.allow-http", "true",
                    "virtus.fetch.allowed-cidrs", "127.0.0.0/8");
        }
    }

    @Test
    void should_answer_504_when_the_url_fetcher_gives_up_first() throws Exception {
        FetchBoundsTest.awaitReady();
        try (ImageServer images = new ImageServer()) {
            ClassifyServiceTest.classify(images.request("/trickle.png")).then().statusCode(504)
                    .body("error", startsWith("TIMED_OUT: ")).body("error", containsString("virtus.fetch.total-timeout"));
        }
    }
}
