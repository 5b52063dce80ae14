package dev.virtus.scan.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import java.nio.file.attribute.PosixFilePermissions;

/**
 * A {@code function.zip} started the way Lambda starts it: unzipped into a task root, then either the Java managed
 * runtime (AWS's Runtime Interface Client on its own classpath, loading our handler from the task root) or, for a
 * native zip, its {@code bootstrap}; both talk to the Runtime API at {@code AWS_LAMBDA_RUNTIME_API}.
 */
public final class PackagedFunction implements AutoCloseable {

    public static final String HANDLER = "dev.virtus.scan.function.RequestIdHandler::handleRequest";
    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final Process process;
    private final Path log;
    private final long startedNanos;

    private PackagedFunction(Process process, Path log, long startedNanos) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** Unzips {@code zip} into {@code taskRoot}; returns true for a native zip (one with a {@code bootstrap}). */
    public static boolean unzip(Path zip, Path taskRoot) throws IOException {
        boolean nativeZip = false;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                Path target = taskRoot.resolve(entry.getName()).normalize();
                if (!target.startsWith(taskRoot)) {
                    throw new IOException("zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (entry.getName().equals("bootstrap") || entry.getName().equals("runner")) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    nativeZip = true;
                }
            }
        }
        return nativeZip;
    }

    /**
     * @param runtimeDir the Runtime Interface Client jars (the managed runtime's /var/runtime/lib)
     * @param env function configuration, e.g. {@code VIRTUS_MODEL_LOCATION}
     */
    public static PackagedFunction start(Path taskRoot, boolean nativeZip, Path runtimeDir, int memoryMb,
            Map<String, String> env, LambdaRuntimeApiServer api, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        if (nativeZip) {
            command.add(taskRoot.resolve("bootstrap").toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // The java21 runtime's defaults (AWS docs, "Customizing Java runtime startup behavior"): serial GC,
            // C1 only, heap sized from the function's memory.
            command.addAll(List.of("-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                    "-Xshare:auto", "-XX:MaxHeapSize=" + (memoryMb * 85 / 100) + "m",
                    "-cp", runtimeDir.toAbsolutePath() + "/*", RIC_MAIN, HANDLER));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(Set.of("PATH", "LANG", "HOME"));
        environment.put("AWS_LAMBDA_RUNTIME_API", api.address());
        environment.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        environment.put("_HANDLER", HANDLER);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "virtus-scan");
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_REGION", "us-east-1");
        environment.put("TZ", ":UTC");
        environment.putAll(env);
        long started = System.nanoTime();
        return new PackagedFunction(builder.start(), log, started);
    }

    public long startedNanos() {
        return startedNanos;
    }

    /** Peak resident set size so far, in MiB, from {@code /proc/<pid>/status} (VmHWM). */
    public double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            return Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
