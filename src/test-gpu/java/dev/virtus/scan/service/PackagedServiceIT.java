package dev.virtus.scan.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.PackagedApp;

/**
 * The packaged service ({@code ./mvnw -Dgpu package}: {@code target/quarkus-app}) run the way its container
 * runs it: {@code java $JAVA_OPTS -jar quarkus-run.jar}, the prod profile, the environment of
 * {@code src/main/docker/Dockerfile.gpu}, ONNX Runtime's libraries unpacked to a directory as the image's
 * first stage does. It must listen, become ready, classify, expose metrics, and stop cleanly on SIGTERM.
 */
class PackagedServiceIT {

    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.gpu");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path work;

    @Test
    void should_listen_become_ready_classify_and_expose_metrics_when_run_as_the_container_runs_it() throws Exception {
        String image = "png-rgb.png";
        Goldens.Case golden = Goldens.index().cases().stream()
                .filter(c -> c.model().equals("deit-tiny-standin") && c.image().equals(image))
                .findFirst().orElseThrow();
        int port = PackagedApp.freePort();
        Map<String, String> env = dockerfileEnv();
        List<String> jvmOptions = javaOpts(env.remove("JAVA_OPTS"));
        env.put("VIRTUS_MODEL_LOCATION", golden.modelDirectory().toAbsolutePath().toString());
        // The container's port is 8080, published by the task definition; here any free one.
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));

        try (PackagedApp service = PackagedApp.start(jvmOptions, env, work.resolve("service.log"))) {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitReady(service, base.resolve("/q/health/ready"));
            assertTrue(service.log().contains("Listening on: http://0.0.0.0:" + port), service::log);
            assertTrue(service.log().contains("Profile prod activated"), service::log);

            String body = "{\"imageBase64\": \"" + Base64.getEncoder().encodeToString(Fixtures.bytes(Fixtures.IMAGES.resolve(image))) + "\"}";
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(base.resolve("/classify"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer::body);
            JsonNode result = JSON.readTree(answer.body());
            assertEquals(golden.label().toUpperCase(), result.path("status").asText(), answer::body);
            assertEquals(golden.probabilities().get("Fake"), result.path("score").asDouble(), 1e-4, answer::body);

            assertEquals(200, get(base.resolve("/q/health/live")).statusCode());
            HttpResponse<String> metrics = get(base.resolve("/q/metrics"));
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("virtus_classify_requests_total{outcome=\"classified\",source=\"http\"} 1.0"), metrics::body);
            assertTrue(metrics.body().contains("virtus_batch_size_count"), metrics::body);

            // The JVM's status after SIGTERM is 128 + 15 once its shutdown hooks (Quarkus' orderly stop) have run.
            int status = service.stop(Duration.ofSeconds(30));
            assertTrue(status == 0 || status == 143, "exit status after SIGTERM: " + status + "\n" + service.log());
            assertTrue(service.log().contains("stopped in"), service::log);
        }
    }

    private static void awaitReady(PackagedApp service, URI ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            if (!service.alive()) {
                throw new AssertionError("the service exited:\n" + service.log());
            }
            try {
                if (get(ready).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within 90 s:\n" + service.log());
            }
            Thread.sleep(200);
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The ENV instructions of the runtime stage, less the JDK's location (the test's own JVM runs it). */
    static Map<String, String> dockerfileEnv() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE).replace("\\\n", " ");
        String runtimeStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        assertTrue(runtimeStage.contains("ENTRYPOINT [\"sh\", \"-c\", \"exec java $JAVA_OPTS -jar /app/quarkus-run.jar\"]"),
                "the test starts the service as this ENTRYPOINT does; update both together");
        Map<String, String> env = new LinkedHashMap<>();
        Pattern assignment = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
        for (String line : runtimeStage.lines().toList()) {
            if (!line.startsWith("ENV ")) {
                continue;
            }
            Matcher m = assignment.matcher(line.substring(4));
            while (m.find()) {
                String value = m.group(2);
                env.put(m.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
            }
        }
        env.remove("JAVA_HOME");
        env.remove("PATH");
        return env;
    }

    /** JAVA_OPTS split as sh splits it; the natives' directory is made as the image's first stage makes it. */
    private List<String> javaOpts(String javaOpts) throws IOException {
        List<String> options = new ArrayList<>();
        for (String option : javaOpts.trim().split("\\s+")) {
            if (option.startsWith("-Donnxruntime.native.path=")) {
                option = "-Donnxruntime.native.path=" + unpackNatives();
            }
            options.add(option);
        }
        return options;
    }

    /** ONNX Runtime's linux-x64 libraries from the packaged onnxruntime_gpu jar; not the 580 MB CUDA provider (CPU here). */
    private Path unpackNatives() throws IOException {
        Path natives = Files.createDirectories(work.resolve("onnxruntime"));
        Path jar;
        try (var jars = Files.list(PackagedApp.APP_DIR.resolve("lib/main"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("com.microsoft.onnxruntime.onnxruntime_gpu-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no onnxruntime_gpu jar in " + PackagedApp.APP_DIR));
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith("ai/onnxruntime/native/linux-x64/") && !entry.isDirectory() && !name.contains("providers_cuda")
                        && !name.contains("providers_tensorrt")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, natives.resolve(name.substring(name.lastIndexOf('/') + 1)));
                    }
                }
            }
        }
        return natives;
    }
}
