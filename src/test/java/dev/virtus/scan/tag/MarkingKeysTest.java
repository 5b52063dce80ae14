package dev.virtus.scan.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.fetch.S3ObjectId;

/** Where the marking key comes from, which source wins, and what happens with none. */
class MarkingKeysTest {

    private static final String SECRET_KEY = "key-from-secrets-manager-0123456789abcdef";
    private static final String PARAMETER_KEY = "key-from-ssm-parameter-0123456789abcdefgh";
    private static final S3ObjectId OBJECT = new S3ObjectId("uploads", "a.png", "v1");

    /** Secrets Manager and SSM both speak JSON 1.1: one stub answers each by its X-Amz-Target. */
    private static HttpServer stub;
    private static final List<String> TARGETS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            try (exchange) {
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                TARGETS.add(target + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String body = target.equals("secretsmanager.GetSecretValue") ? "{\"SecretString\":\"" + SECRET_KEY + "\"}"
                        : "{\"Parameter\":{\"Value\":\"" + PARAMETER_KEY + "\"}}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        stub.start();
        String endpoint = "http://127.0.0.1:" + stub.getAddress().getPort();
        System.setProperty("aws.endpointUrlSecretsManager", endpoint);
        System.setProperty("aws.endpointUrlSsm", endpoint);
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", "us-east-1");
    }

    @AfterAll
    static void stopStub() {
        stub.stop(0);
        System.clearProperty("aws.endpointUrlSecretsManager");
        System.clearProperty("aws.endpointUrlSsm");
    }

    private static MarkingSeal sealOf(String key) {
        return new MarkingSeal(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(MarkingSeal seal) {
        return seal.sign(OBJECT, "version=v1", "REAL", "m", "0.1000");
    }

    @Test
    void should_read_the_key_from_the_secret_first_then_the_parameter_then_the_setting() {
        MarkingSeal fromSecret = MarkingKeys.seal(VirtusConfigs.of("virtus.marking.key-secret", "arn:aws:secretsmanager:us-east-1:123456789012:secret:k-AbCdEf",
                "virtus.marking.key-parameter", "/virtus/marking-key").marking());
        MarkingSeal fromParameter = MarkingKeys.seal(VirtusConfigs.of("virtus.marking.key-parameter", "/virtus/marking-key").marking());
        MarkingSeal fromSetting = MarkingKeys.seal(VirtusConfigs.of().marking());

        assertEquals(sign(sealOf(SECRET_KEY)), sign(fromSecret));
        assertEquals(sign(sealOf(PARAMETER_KEY)), sign(fromParameter));
        assertEquals(sign(sealOf(VirtusConfigs.MARKING_KEY)), sign(fromSetting));
        assertTrue(TARGETS.stream().anyMatch(t -> t.startsWith("secretsmanager.GetSecretValue") && t.contains("secret:k-AbCdEf")), TARGETS.toString());
        assertTrue(TARGETS.stream().anyMatch(t -> t.startsWith("AmazonSSM.GetParameter") && t.contains("\"WithDecryption\":true")), TARGETS.toString());
        assertEquals(2, TARGETS.size(), "one read per source used, none for the plain setting: " + TARGETS);
    }

    @Test
    void should_refuse_to_start_without_a_key_or_with_a_short_one() {
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> MarkingKeys.seal(new NoKey()));
        assertTrue(none.getMessage().contains("virtus.marking.key-secret"), none.getMessage());
        IllegalStateException shortKey = assertThrows(IllegalStateException.class,
                () -> MarkingKeys.seal(VirtusConfigs.of("virtus.marking.key", "too short").marking()));
        assertTrue(shortKey.getMessage().contains("at least 32 are needed"), shortKey.getMessage());
    }

    @Test
    void should_take_the_region_of_an_arn() {
        assertEquals(Optional.of("eu-west-3"), MarkingKeys.regionOf("arn:aws:ssm:eu-west-3:123456789012:parameter/virtus/marking-key"));
        assertEquals(Optional.empty(), MarkingKeys.regionOf("/virtus/marking-key"));
        assertEquals(Optional.empty(), MarkingKeys.regionOf("virtus-marking-key"));
    }

    /** No source at all: {@link VirtusConfigs} always sets the test key. */
    private static final class NoKey implements dev.virtus.scan.config.VirtusConfig.Marking {
        @Override
        public Optional<String> keySecret() {
            return Optional.empty();
        }

        @Override
        public Optional<String> keyParameter() {
            return Optional.empty();
        }

        @Override
        public Optional<String> key() {
            return Optional.empty();
        }
    }
}
