package dev.virtus.scan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's logging, in a fresh JVM as {@code bin/virtus} starts it: java.util.logging is set up once
 * per process, so an in-process test would see the test runner's.
 */
class ConsoleLoggingTest {

    @TempDir
    Path work;

    /** Logs as the command line's dependencies do, after {@link ConsoleLogging#quiet()}. */
    public static void main(String[] args) {
        ConsoleLogging.quiet();
        org.jboss.logging.Logger.getLogger("dev.virtus.scan.probe").warn("a JBoss Logging warning");
        org.jboss.logging.Logger.getLogger("dev.virtus.scan.probe").info("a start-up message");
        System.getLogger("software.amazon.awssdk.probe").log(System.Logger.Level.WARNING, "a System.Logger warning");
    }

    @Test
    void should_print_warnings_from_every_logging_api_and_nothing_else() throws IOException, InterruptedException {
        Path arguments = Files.writeString(work.resolve("java.args"), "-cp \"" + System.getProperty("java.class.path") + "\"");
        Path err = work.resolve("stderr");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + arguments,
                ConsoleLoggingTest.class.getName()).redirectError(err.toFile()).redirectOutput(work.resolve("stdout").toFile()).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));

        String printed = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), printed);
        assertTrue(printed.contains("WARN  [dev.virtus.scan.probe] a JBoss Logging warning"), printed);
        assertTrue(printed.contains("a System.Logger warning"), printed);
        assertFalse(printed.contains("a start-up message"), printed);
        assertFalse(printed.contains("LogManager accessed before"), printed);
    }
}
