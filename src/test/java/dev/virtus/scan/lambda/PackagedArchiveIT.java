package dev.virtus.scan.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The archives we ship open in every tool: each entry name once, and Info-ZIP's own test passes where it exists. */
class PackagedArchiveIT {

    private static final Path TARGET = Path.of(System.getProperty("function.zip", "target/function.zip")).getParent();

    private static Path archive(String name) throws IOException {
        if (name.equals("function.zip")) {
            return TARGET.resolve(name);
        }
        try (var files = Files.list(TARGET)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst().orElseThrow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"function.zip", "runner.jar"})
    void should_name_every_entry_once(String name) throws IOException {
        try (ZipFile zip = new ZipFile(archive(name).toFile())) {
            List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            Map<String, Long> repeated = names.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                    .entrySet().stream().filter(e -> e.getValue() > 1).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertEquals(Map.of(), repeated, archive(name) + " repeats entries");
            assertTrue(names.contains("META-INF/MANIFEST.MF"), names.subList(0, Math.min(5, names.size())).toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"function.zip", "runner.jar"})
    void should_pass_unzip_test(String name) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unzip")), "unzip is not installed");
        Process unzip = new ProcessBuilder("/usr/bin/unzip", "-tq", archive(name).toString()).redirectErrorStream(true).start();
        String output = new String(unzip.getInputStream().readAllBytes());
        assertEquals(0, unzip.waitFor(), output);
    }
}
