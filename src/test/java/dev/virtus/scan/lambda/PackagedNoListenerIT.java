package dev.virtus.scan.lambda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.PackagedApp;

/**
 * The Lambda build opens no HTTP listener: nothing on Lambda could reach it, so it carries no HTTP server.
 * Its packaged {@code target/*-runner.jar} started with {@code java -jar} (prod profile) comes up, loads the
 * model and binds no port, not even the one it is told to use. The GPU service build listens instead
 * ({@code PackagedServiceIT}).
 */
class PackagedNoListenerIT {

    /** The Lambda build packages a legacy jar, the content of function.zip. */
    private static final Path RUNNER = Path.of(System.getProperty("runner.jar", "target/virtus-scan-0.1.0-SNAPSHOT-runner.jar"));

    @TempDir
    Path work;

    @Test
    void should_open_no_http_port_when_the_lambda_build_runs_in_prod() throws Exception {
        int port = PackagedApp.freePort();
        Map<String, String> env = Map.of(
                "VIRTUS_MODEL_LOCATION", Fixtures.MODELS.resolve("deit-tiny-standin").toAbsolutePath().toString(),
                "QUARKUS_HTTP_PORT", Integer.toString(port));

        try (PackagedApp app = PackagedApp.start(RUNNER, List.of(), env, work.resolve("app.log"))) {
            app.awaitLog(line -> line.contains(" started in "), Duration.ofSeconds(60));

            assertTrue(app.log().contains("Profile prod activated"), app::log);
            assertFalse(PackagedApp.listening(port), () -> "something listens on " + port + ":\n" + app.log());
            assertFalse(app.log().contains("Listening on: http"), app::log);
            assertTrue(app.alive(), app::log);
        }
    }
}
