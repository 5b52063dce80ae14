package dev.virtus.scan.lambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.events.EventBridgeStandIn;
import dev.virtus.scan.function.S3Events;
import dev.virtus.scan.s3.EmbeddedS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged {@code target/function.zip}, run as Lambda runs it (see {@link PackagedFunction}): after
 * {@code package}, so it checks the artifact we deploy rather than the test classpath.
 */
class PackagedFunctionIT {

    private static final Path ZIP = Path.of(System.getProperty("function.zip", "target/function.zip"));
    private static final Path RUNTIME = Path.of(System.getProperty("lambda.runtime.dir", "target/lambda-runtime"));
    private static final long LAMBDA_UNZIPPED_LIMIT = 250L * 1024 * 1024;
    private static final int X86_64 = 0x3E;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the Runtime Interface Client ships JNI libraries for Linux only")
    void should_classify_inline_bytes_with_the_golden_verdict_when_started_as_lambda_does() throws Exception {
        String image = "png-rgb.png";
        Goldens.Case golden = Goldens.index().cases().stream()
                .filter(c -> c.model().equals("deit-tiny-standin") && c.image().equals(image))
                .findFirst().orElseThrow();
        Path taskRoot = Files.createDirectories(work.resolve("task"));
        boolean nativeZip = PackagedFunction.unzip(ZIP, taskRoot);
        Map<String, String> env = Map.of(
                "VIRTUS_MODEL_LOCATION", golden.modelDirectory().toAbsolutePath().toString(),
                "QUARKUS_FUNQY_EXPORT", "classify");

        try (var api = new LambdaRuntimeApiServer();
                var function = PackagedFunction.start(taskRoot, nativeZip, RUNTIME, 1024, env, api, work.resolve("function.log"))) {
            String base64 = Base64.getEncoder().encodeToString(Fixtures.bytes(Fixtures.IMAGES.resolve(image)));
            var answer = invoke(api, function, "{\"imageBase64\": \"" + base64 + "\"}");

            assertFalse(answer.error(), () -> "classify failed: " + answer.body() + "\n" + function.log());
            JsonNode result = JSON.readTree(answer.body());
            assertEquals(golden.label().toUpperCase(), result.path("status").asText(), answer::body);
            assertEquals(golden.label(), result.path("label").asText(), answer::body);
            assertEquals(golden.probabilities().get("Fake"), result.path("score").asDouble(), 1e-4, answer::body);

            var malformed = invoke(api, function, "{\"imageUrl\": \"https://example.com/a.png\"}");
            assertTrue(malformed.error(), malformed::body);
            assertTrue(JSON.readTree(malformed.body()).path("errorMessage").asText().contains("unknown field(s) [imageUrl]"),
                    malformed::body);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the Runtime Interface Client ships JNI libraries for Linux only")
    void should_call_a_valid_ai_manifest_fake_without_the_model_when_the_provenance_policy_says_so() throws Exception {
        Path taskRoot = Files.createDirectories(work.resolve("task"));
        boolean nativeZip = PackagedFunction.unzip(ZIP, taskRoot);
        Map<String, String> env = Map.of(
                "VIRTUS_MODEL_LOCATION", Fixtures.MODELS.resolve("deit-tiny-standin").toAbsolutePath().toString(),
                "QUARKUS_FUNQY_EXPORT", "classify",
                "VIRTUS_PROVENANCE_POLICY", "declared-ai-is-fake");

        try (var api = new LambdaRuntimeApiServer();
                var function = PackagedFunction.start(taskRoot, nativeZip, RUNTIME, 1024, env, api, work.resolve("function.log"))) {
            JsonNode declared = classifyFixture(api, function, "jpeg-ai-created.jpg");
            JsonNode altered = classifyFixture(api, function, "jpeg-pixels-changed.jpg");

            assertEquals("FAKE", declared.path("status").asText(), declared::toString);
            assertEquals("provenance", declared.path("decidedBy").asText(), declared::toString);
            assertEquals("ai-declared", declared.path("provenance").path("summary").asText(), declared::toString);
            assertTrue(altered.path("decidedBy").isMissingNode(), altered::toString);
            assertEquals("invalid", altered.path("provenance").path("summary").asText(), altered::toString);
            assertTrue(altered.path("score").isNumber(), altered::toString);
        }
    }

    private static JsonNode classifyFixture(LambdaRuntimeApiServer api, PackagedFunction function, String fixture) throws Exception {
        String base64 = Base64.getEncoder().encodeToString(Fixtures.bytes(Fixtures.ROOT.resolve("c2pa").resolve(fixture)));
        var answer = invoke(api, function, "{\"imageBase64\": \"" + base64 + "\"}");
        assertFalse(answer.error(), () -> "classify failed: " + answer.body() + "\n" + function.log());
        return JSON.readTree(answer.body());
    }

    /**
     * Under the Runtime Interface Client, RequestIdHandler puts the request id the Runtime API gave into the
     * logging MDC: every line the invocation writes is JSON and carries it (log lines as mdc.AWSRequestId, the EMF
     * line as requestId). The verdict event reaches the endpoint named by AWS_ENDPOINT_URL alone, the SDK's setting.
     */
    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the Runtime Interface Client ships JNI libraries for Linux only")
    void should_write_json_lines_carrying_the_request_id_when_a_scan_runs_under_the_runtime_interface_client() throws Exception {
        String bucket = "packaged-scan";
        String key = "uploads/fake.png";
        byte[] image = Fixtures.bytes(Fixtures.IMAGES.resolve("png-224x224.png"));
        S3Client s3 = EmbeddedS3.bucket(bucket, false);
        String eTag = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(image)).eTag();
        Path taskRoot = Files.createDirectories(work.resolve("task"));
        boolean nativeZip = PackagedFunction.unzip(ZIP, taskRoot);

        try (var events = EventBridgeStandIn.start(); var api = new LambdaRuntimeApiServer()) {
            Map<String, String> env = Map.ofEntries(
                    Map.entry("VIRTUS_MODEL_LOCATION", Fixtures.MODELS.resolve("deit-tiny-standin").toAbsolutePath().toString()),
                    Map.entry("QUARKUS_FUNQY_EXPORT", "scan"),
                    Map.entry("VIRTUS_MARKING_KEY", VirtusConfigs.MARKING_KEY),
                    Map.entry("QUARKUS_S3_ENDPOINT_OVERRIDE", EmbeddedS3.endpoint().toString()),
                    Map.entry("QUARKUS_S3_PATH_STYLE_ACCESS", "true"),
                    Map.entry("AWS_ACCESS_KEY_ID", "test"),
                    Map.entry("AWS_SECRET_ACCESS_KEY", "test"),
                    Map.entry("VIRTUS_EVENTS_EVENT_BUS", "arn:aws:events:us-east-1:123456789012:event-bus/verdicts"),
                    Map.entry("AWS_ENDPOINT_URL", events.endpoint().toString()));
            try (var function = PackagedFunction.start(taskRoot, nativeZip, RUNTIME, 1024, env, api, work.resolve("function.log"))) {
                api.awaitFirstPoll(Duration.ofSeconds(90));
                int initialised = function.log().length();
                var answer = invoke(api, function, S3Events.objectCreated("ObjectCreated:Put", bucket, key, null, image.length, eTag));
                assertFalse(answer.error(), () -> "scan failed: " + answer.body() + "\n" + function.log());

                List<JsonNode> lines = new ArrayList<>();
                for (String line : function.log().substring(initialised).split("\n")) {
                    if (!line.isBlank()) {
                        JsonNode json = assertDoesNotThrow(() -> JSON.readTree(line), () -> "not a JSON line: " + line);
                        assertTrue(json.isObject(), line);
                        lines.add(json);
                    }
                }
                List<JsonNode> logLines = lines.stream().filter(line -> line.has("level")).toList();
                List<JsonNode> metricLines = lines.stream().filter(line -> line.has("_aws")).toList();
                assertEquals(lines.size(), logLines.size() + metricLines.size(), lines::toString);
                assertTrue(logLines.stream().anyMatch(line -> line.path("message").asText().contains(key)), lines::toString);
                for (JsonNode line : logLines) {
                    assertEquals(answer.requestId(), line.path("mdc").path("AWSRequestId").asText(), line::toString);
                    assertFalse(line.has("hostName") || line.has("processId") || line.has("threadId") || line.has("sequence"), line::toString);
                }
                assertEquals(1, metricLines.size(), lines::toString);
                assertEquals(answer.requestId(), metricLines.get(0).path("requestId").asText(), metricLines.get(0)::toString);
                assertEquals(List.of(key), events.accepted().stream().map(detail -> detail.path("key").asText()).toList());
            }
        }
    }

    /**
     * ONNX Runtime's two libraries for Lambda's platform lie once, in onnxruntime/ beside lib/ (OnnxRuntimeLibraries
     * loads them from there; its jar keeps none, so the classify test above proves they load from the folder).
     */
    @Test
    void should_ship_the_linux_x64_libraries_of_onnxruntime_once_beside_the_jars_within_lambdas_size_limit() throws IOException {
        long unzipped = 0;
        List<String> besideJars = new ArrayList<>();
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                unzipped += entry.getSize();
                if (entry.getName().startsWith("lib/") && entry.getName().contains("onnxruntime")) {
                    assertEquals(List.of(), nativeLibraries(zip, entry), entry.getName());
                }
                if (entry.getName().startsWith("onnxruntime/") && !entry.isDirectory()) {
                    besideJars.add(entry.getName());
                    assertEquals(X86_64, elfMachine(zip, entry), entry.getName() + " is not an x86-64 ELF library");
                }
            }
        }
        assertEquals(List.of("onnxruntime/libonnxruntime.so", "onnxruntime/libonnxruntime4j_jni.so"), besideJars.stream().sorted().toList());
        assertTrue(unzipped < LAMBDA_UNZIPPED_LIMIT, "unzipped size " + unzipped + " bytes");
    }

    /** SnapStartHooks classifies this photo before the checkpoint, reading it from the class path (the zip's root). */
    @Test
    void should_ship_the_photo_that_snapstart_priming_classifies() throws IOException {
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            ZipEntry photo = zip.getEntry("snapstart/priming.jpg");
            assertTrue(photo != null && !photo.isDirectory(), "snapstart/priming.jpg is not in " + ZIP);
            try (var in = zip.getInputStream(photo)) {
                assertArrayEquals(Fixtures.bytes(Fixtures.IMAGES.resolve("jpeg-baseline-420.jpg")), in.readAllBytes());
            }
        }
    }

    /** The ELF header's e_machine (little-endian, at byte 18). */
    private static int elfMachine(ZipFile zip, ZipEntry library) throws IOException {
        try (var in = zip.getInputStream(library)) {
            byte[] header = in.readNBytes(20);
            assertEquals("\u007fELF", new String(header, 0, 4, StandardCharsets.ISO_8859_1), library.getName());
            return (header[18] & 0xff) | (header[19] & 0xff) << 8;
        }
    }

    private static List<String> nativeLibraries(ZipFile zip, ZipEntry jar) throws IOException {
        try (var in = new ZipInputStream(zip.getInputStream(jar))) {
            var names = new ArrayList<String>();
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().startsWith("ai/onnxruntime/native/") && !entry.isDirectory()) {
                    names.add(entry.getName());
                }
            }
            return names.stream().sorted().toList();
        }
    }

    private static LambdaRuntimeApiServer.Answer invoke(LambdaRuntimeApiServer api, PackagedFunction function, String event)
            throws Exception {
        try {
            return api.invoke(event, Duration.ofSeconds(90));
        } catch (java.util.concurrent.TimeoutException | IllegalStateException e) {
            throw new AssertionError(e.getMessage() + "\nfunction output:\n" + function.log(), e);
        }
    }
}
