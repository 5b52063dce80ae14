package dev.virtus.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A packaged Quarkus application started as its users start it: {@code java [opts] -jar JAR} in a process of
 * its own, prod profile (nothing sets another), its output in a log file. The GPU build packages a fast-jar
 * ({@code target/quarkus-app/quarkus-run.jar}), the Lambda build a legacy jar ({@code target/*-runner.jar}).
 */
public final class PackagedApp implements AutoCloseable {

    public static final Path APP_DIR = Path.of(System.getProperty("quarkus.app.dir", "target/quarkus-app"));

    private final Process process;
    private final Path log;

    private PackagedApp(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The fast-jar of {@link #APP_DIR} (the GPU service build). */
    public static PackagedApp start(List<String> jvmOptions, Map<String, String> env, Path log) throws IOException {
        return start(APP_DIR.resolve("quarkus-run.jar"), jvmOptions, env, log);
    }

    public static PackagedApp start(Path jar, List<String> jvmOptions, Map<String, String> env, Path log) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run after package (failsafe does)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Only what a container would have: no QUARKUS_* or VIRTUS_* of the build's environment leaks in.
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("VIRTUS_")
                || name.equals("JAVA_OPTS") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(env);
        return new PackagedApp(builder.start(), log);
    }

    /** A port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether something accepts connections on the loopback port. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits until the log holds a line matching, failing with the log if the process ends or time runs out. */
    public void awaitLog(Predicate<String> line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (log().lines().noneMatch(line)) {
            if (!process.isAlive()) {
                throw new AssertionError("the application exited (" + process.exitValue() + "):\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for a log line:\n" + log());
            }
            Thread.sleep(100);
        }
    }

    /** SIGTERM, as ECS stops a task; then the exit code. */
    public int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the application did not stop within " + grace + " of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
