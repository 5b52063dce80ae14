package dev.virtus.scan.service.http;

import static dev.virtus.scan.service.http.ClassifyServiceTest.classify;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.Await;
import dev.virtus.scan.Goldens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The bounds on what {@code POST /classify} downloads for its callers: one download at a time here
 * ({@code virtus.http.fetch-concurrency=1}), each answered within a second ({@code virtus.http.fetch-timeout=1s}),
 * against a server that trickles its body for three seconds.
 */
@QuarkusTest
@TestProfile(FetchBoundsTest.OneShortDownload.class)
class FetchBoundsTest {

    public static class OneShortDownload implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "virtus.http.fetch-concurrency", "1",
                    "virtus.http.fetch-timeout", "1s",
                    "virtus.fetch.allow-http", "true",
                    "virtus.fetch.allowed-cidrs", "127.0.0.0/8");
        }
    }

    static void awaitReady() throws InterruptedException {
        Await.until("the model is loaded", Duration.ofSeconds(60), () -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void should_answer_504_at_the_timeout_and_keep_the_slot_until_the_download_has_really_ended() throws Exception {
        awaitReady();
        try (ImageServer images = new ImageServer()) {
            long started = System.nanoTime();
            CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> classify(images.request("/trickle.png")));
            assertTrue(images.trickleStarted.await(10, TimeUnit.SECONDS), "the download began");

            classify(images.request("/image.png")).then().statusCode(503).header("Retry-After", equalTo("1"))
                    .body("error", containsString("virtus.http.fetch-concurrency"));

            Response timedOut = slow.get(20, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - started) / 1_000_000;
            timedOut.then().statusCode(504).body("error", containsString("virtus.http.fetch-timeout"));
            assertTrue(millis >= 1000 && millis < ImageServer.TRICKLE.toMillis(), millis + " ms: the answer comes at the timeout, not with the body");

            // The cancelled download still holds its connection, so its slot is not free before the body has ended.
            classify(images.request("/image.png")).then().statusCode(503);
            assertTrue(images.trickleEnded.await(10, TimeUnit.SECONDS));
            Await.until("the slot is given back", Duration.ofSeconds(10), () -> classify(images.request("/image.png")).statusCode() != 503);
            classify(images.request("/image.png")).then().statusCode(200)
                    .body("status", equalTo(Goldens.find("deit-tiny-standin", ImageServer.IMAGE).label().toUpperCase()));
        }
    }
}
