package dev.virtus.scan.service.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.s3.EmbeddedS3;
import dev.virtus.scan.service.batch.DynamicBatcher;
import dev.virtus.scan.service.model.ModelLoader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The service over HTTP, its model in S3: not ready (and 503 to requests) until the model is there and
 * loaded, then {@code classify} as the Lambda function answers it, and 503 with Retry-After when the
 * batcher's queue is full.
 */
@QuarkusTest
@TestProfile(ClassifyServiceTest.SmallQueueProfile.class)
@QuarkusTestResource(value = EmbeddedS3.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassifyServiceTest {

    private static final String MODEL = "deit-tiny-standin";
    private static final String IMAGE = "png-rgb.png";

    public static class SmallQueueProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "virtus.model.location", "s3://models/" + MODEL,
                    "virtus.model.cache-directory", "target/model-cache-" + System.nanoTime(),
                    "virtus.model.load-retry-delay", "200ms",
                    // two images at most, held for a full second: the third concurrent request finds no room
                    "virtus.batch.queue-capacity", "2",
                    "virtus.batch.max-delay", "1s",
                    "virtus.batch.prepare-threads", "1");
        }
    }

    @Inject
    ModelLoader loader;

    private static String request() {
        return "{\"imageBase64\": \"" + Base64.getEncoder().encodeToString(Fixtures.bytes(Fixtures.IMAGES.resolve(IMAGE))) + "\"}";
    }

    static Response classify(String body) {
        return given().contentType("application/json").body(body).post("/classify");
    }

    private static Goldens.Case golden() {
        return Goldens.index().cases().stream().filter(c -> c.model().equals(MODEL) && c.image().equals(IMAGE)).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void should_be_alive_but_not_ready_and_answer_503_until_the_model_is_loaded() throws Exception {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'model' }.data.state", equalTo("loading"));
        given().get("/q/health/live").then().statusCode(200);
        classify(request()).then().statusCode(503).header("Retry-After", "1").body("error", containsString("model"));

        S3Client s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket("models"));
        Path directory = Fixtures.MODELS.resolve(MODEL);
        for (String file : List.of("config.json", "preprocessor_config.json", "manifest.json", "model.onnx")) {
            s3.putObject(b -> b.bucket("models").key(MODEL + "/" + file), RequestBody.fromFile(directory.resolve(file)));
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (given().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'model' }.data.model", startsWith("stand-in/deit-tiny@"));
    }

    @Test
    @Order(2)
    void should_classify_as_the_lambda_function_does() {
        Goldens.Case golden = golden();

        Response answer = classify(request());

        answer.then().statusCode(200).body("status", equalTo(golden.label().toUpperCase())).body("model", startsWith("stand-in/deit-tiny@"));
        assertEquals(golden.probabilities().get("Fake"), answer.jsonPath().getDouble("score"), 1e-4);
        classify("{\"imageUrl\": \"https://example.com/a.png\"}").then().statusCode(400)
                .body("error", containsString("unknown field(s) [imageUrl]"));
        classify("{\"imageBase64\": \"" + Base64.getEncoder().encodeToString("text".getBytes()) + "\"}").then().statusCode(200)
                .body("status", equalTo("UNSUPPORTED"));
        String signed = Base64.getEncoder().encodeToString(Fixtures.bytes(Fixtures.ROOT.resolve("c2pa/jpeg-ai-created.jpg")));
        classify("{\"imageBase64\": \"" + signed + "\"}").then().statusCode(200)
                .body("provenance.summary", equalTo("ai-declared")).body("provenance.c2pa.valid", equalTo(true));
    }

    private static double rejected() {
        String sample = "virtus_classify_requests_total{outcome=\"rejected\",source=\"http\"}";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1)))
                .findFirst().orElse(0);
    }

    @Test
    @Order(3)
    void should_answer_503_with_retry_after_when_the_queue_is_full() throws Exception {
        double rejectedBefore = rejected();
        String body = request();
        List<Response> answers = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(callers.submit(() -> classify(body)));
            }
            for (Future<Response> call : calls) {
                answers.add(call.get());
            }
        } finally {
            callers.shutdown();
        }

        long ok = answers.stream().filter(a -> a.statusCode() == 200).count();
        List<Response> refused = answers.stream().filter(a -> a.statusCode() == 503).toList();
        assertEquals(6, ok + refused.size(), "only 200 and 503 answers");
        assertTrue(ok >= 1 && ok <= 2, ok + " accepted with virtus.batch.queue-capacity=2");
        assertTrue(refused.size() >= 4, refused.size() + " refused of 6 with room for 2");
        assertEquals(refused.size(), rejected() - rejectedBefore, 0.0, "every 503 is counted as rejected");
        for (Response answer : refused) {
            assertEquals("1", answer.header("Retry-After"));
            assertTrue(answer.jsonPath().getString("error").contains("queue is full"), answer.asString());
        }
        answers.stream().filter(a -> a.statusCode() == 200)
                .forEach(a -> assertEquals(golden().label().toUpperCase(), a.jsonPath().getString("status")));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("virtus_classify_requests_total{outcome=\"rejected\",source=\"http\"}"), metrics);
        assertTrue(metrics.contains("virtus_classify_latency_seconds{source=\"http\",quantile=\"0.99\"}"), metrics);
        assertTrue(metrics.contains("virtus_batch_size_count"), metrics);
    }

    @Test
    @Order(4)
    void should_refuse_before_reading_the_body_when_the_batcher_is_full() throws Exception {
        // Headers announcing 20 MB, and not one byte of the body: only a refusal from the headers can answer.
        String head = whileTheBatcherIsFull("Content-Length: 20000000\r\n\r\n{\"imageBase64\": \"");

        assertTrue(head.startsWith("HTTP/1.1 503"), head);
        assertTrue(head.toLowerCase(Locale.ROOT).contains("retry-after: 1"), head);
    }

    @Test
    @Order(5)
    void should_answer_503_instead_of_100_continue_when_the_batcher_is_full() throws Exception {
        // A client that asks before sending its body gets the refusal, not "100 Continue", and never sends it.
        String head = whileTheBatcherIsFull("Content-Length: 20000000\r\nExpect: 100-continue\r\n\r\n");

        assertTrue(head.startsWith("HTTP/1.1 503"), head);
        assertTrue(head.toLowerCase(Locale.ROOT).contains("retry-after: 1"), head);
    }

    /** Fills the batcher with two admitted requests, sends a request's head, and returns the answer's head. */
    private String whileTheBatcherIsFull(String headersAndBodyStart) throws Exception {
        DynamicBatcher batcher = loader.model().orElseThrow().batcher();
        String body = request();
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Response>> admitted = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                admitted.add(callers.submit(() -> classify(body)));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (batcher.pending() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(2, batcher.pending(), "the two admitted requests fill virtus.batch.queue-capacity=2");

            String head;
            try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(("POST /classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + headersAndBodyStart).getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                StringBuilder answer = new StringBuilder();
                while (!answer.toString().contains("\r\n\r\n")) {
                    int b = socket.getInputStream().read();
                    if (b < 0) {
                        break;
                    }
                    answer.append((char) b);
                }
                head = answer.toString();
            }
            for (Future<Response> answer : admitted) {
                assertEquals(200, answer.get().statusCode());
            }
            assertEquals(0, batcher.pending(), "the admitted requests' room is given back");
            return head;
        } finally {
            callers.shutdown();
        }
    }
}
