package dev.virtus.scan.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each Lambda zip carries native code for its own architecture only: every ELF file in it, and in the jars under
 * {@code lib/}, names that machine in its header ({@code e_machine}: 62 for x86-64, 183 for AArch64), and ONNX
 * Runtime's two libraries are in {@code onnxruntime/}.
 */
class PackagedArchitectureIT {

    private static final Path TARGET = Path.of(System.getProperty("function.zip", "target/function.zip")).getParent();
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    @ParameterizedTest
    @CsvSource({"function.zip, 62", "function-arm64.zip, 183"})
    void should_hold_native_code_for_one_architecture_when_packaged(String zipName, int machine) throws IOException {
        Map<String, Integer> machines = new TreeMap<>();
        try (ZipFile zip = new ZipFile(TARGET.resolve(zipName).toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    if (entry.getName().endsWith(".jar")) {
                        collectJar(entry.getName(), in, machines);
                    } else {
                        elfMachine(in.readNBytes(20)).ifPresent(m -> machines.put(entry.getName(), m));
                    }
                }
            }
        }
        assertTrue(machines.containsKey("onnxruntime/libonnxruntime.so"), machines.toString());
        assertTrue(machines.containsKey("onnxruntime/libonnxruntime4j_jni.so"), machines.toString());
        List<String> foreign = new ArrayList<>();
        machines.forEach((name, m) -> {
            if (m != machine) {
                foreign.add(name + " (e_machine " + m + ")");
            }
        });
        assertEquals(List.of(), foreign, zipName + " carries native code for another machine than " + machine);
    }

    private static void collectJar(String jarName, InputStream jar, Map<String, Integer> machines) throws IOException {
        ZipInputStream entries = new ZipInputStream(jar);
        for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
            String name = jarName + "!/" + entry.getName();
            elfMachine(entries.readNBytes(20)).ifPresent(m -> machines.put(name, m));
        }
    }

    /** {@code e_machine}, the little-endian 16-bit field at offset 18 of an ELF header. */
    private static Optional<Integer> elfMachine(byte[] header) {
        if (header.length < 20 || !Arrays.equals(header, 0, 4, ELF_MAGIC, 0, 4)) {
            return Optional.empty();
        }
        return Optional.of((header[18] & 0xFF) | (header[19] & 0xFF) << 8);
    }
}
