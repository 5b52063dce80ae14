package dev.virtus.scan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.faces.FaceFixtures;
import dev.virtus.scan.s3.EmbeddedS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every {@code bin/virtus} command shown in a code block of README.md and docs/ runs, as written, against the
 * fixtures: {@code model/virtus} is the tiny stand-in (with the face detector), a folder such as {@code photos/} holds fixture images
 * ({@code labelled/} one folder per label), an {@code s3://} location is a bucket of the embedded S3 server, and
 * {@code VIRTUS_MODEL_LOCATION} and, for {@code scan}, a marking key are set as the pages assume. Every stand-in export
 * shown there is run by .ci/run.
 */
class DocumentedCommandsTest {

    private static final Path REPOSITORY = Path.of("");
    private static final String MODEL_PLACEHOLDER = "model/virtus";
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*(\\S*)");
    private static final List<String> SHELL = List.of("bash", "sh", "shell");
    private static final Pattern ENVIRONMENT = Pattern.compile("^([A-Z_][A-Z0-9_]*)=(\\S+)$");
    private static final Pattern S3_LOCATION = Pattern.compile("^s3://([^/]+)/(.*)$");
    /** The documented buckets get names of their own in the embedded S3 server, which other test classes share. */
    private static final String BUCKET_PREFIX = "documented-";
    private static final String STAND_IN_EXPORT = "model/export.py --stand-in";
    private static final List<String> IMAGES = List.of("png-rgb.png", "jpeg-baseline-420.jpg");

    @TempDir
    static Path sandbox;
    /** The tiny stand-in with the face detector beside it, so that the face modes run too. */
    private static Path model;
    private static String modelLocationBefore;
    private static String markingKeyBefore;

    /** A command line found in a page: where, and its words. */
    record Documented(Path page, int line, String text) {

        @Override
        public String toString() {
            return page + ":" + line + ": " + text;
        }
    }

    @BeforeAll
    static void assumeTheModelLocationIsSet() {
        model = FaceFixtures.exportWithFaces(Fixtures.MODELS.resolve("deit-tiny-standin"), sandbox.resolve("export")).toAbsolutePath();
        modelLocationBefore = System.getProperty("virtus.model.location");
        System.setProperty("virtus.model.location", model.toString());
        markingKeyBefore = System.getProperty("virtus.marking.key");
        System.setProperty("virtus.marking.key", VirtusConfigs.MARKING_KEY);
        EmbeddedS3.startOnce();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", "us-east-1");
    }

    @AfterAll
    static void restore() {
        restore("virtus.model.location", modelLocationBefore);
        restore("virtus.marking.key", markingKeyBefore);
    }

    private static void restore(String property, String before) {
        if (before == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, before);
        }
    }

    /** README.md and every page under docs/. */
    static List<Path> pages() {
        List<Path> pages = new ArrayList<>(List.of(REPOSITORY.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(REPOSITORY.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** The command lines of the pages' shell code blocks, continuation lines joined and comments dropped. */
    static List<Documented> commandLines() {
        List<Documented> commands = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(page);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean inBlock = false;
            boolean shell = false;
            StringBuilder pending = new StringBuilder();
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher fence = FENCE.matcher(line);
                if (fence.find()) {
                    inBlock = !inBlock;
                    shell = inBlock && SHELL.contains(fence.group(1));
                    continue;
                }
                if (!shell) {
                    continue;
                }
                if (pending.isEmpty()) {
                    start = i + 1;
                }
                String code = withoutComment(line).strip();
                if (code.endsWith("\\")) {
                    pending.append(code, 0, code.length() - 1).append(' ');
                    continue;
                }
                pending.append(code);
                if (!pending.toString().isBlank()) {
                    commands.add(new Documented(page, start, pending.toString().strip()));
                }
                pending.setLength(0);
            }
        }
        return commands;
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf(" #");
        return line.startsWith("#") ? "" : hash < 0 ? line : line.substring(0, hash);
    }

    private static boolean runsTheCommandLine(Documented command) {
        return Arrays.stream(command.text().split("\\s+")).dropWhile(word -> ENVIRONMENT.matcher(word).matches())
                .findFirst().orElse("").equals("bin/virtus");
    }

    @Test
    void should_find_the_documented_command_lines_when_the_pages_are_read() {
        List<String> subcommands = commandLines().stream().filter(DocumentedCommandsTest::runsTheCommandLine)
                .map(command -> command.text().replaceAll("^.*bin/virtus\\s+(\\S+).*$", "$1")).distinct().sorted().toList();

        assertEquals(List.of("classify", "evaluate", "scan"), subcommands, "the subcommands the pages show");
    }

    @TestFactory
    Stream<DynamicTest> should_run_every_documented_command_against_the_fixtures() {
        return commandLines().stream().filter(DocumentedCommandsTest::runsTheCommandLine)
                .map(command -> DynamicTest.dynamicTest(command.toString(), () -> {
                    CliRun run = CliRun.of(arguments(command));
                    assertEquals(0, run.exitCode(), command + "\n" + run);
                }));
    }

    @Test
    void should_run_every_documented_stand_in_export_in_ci() throws IOException {
        String ci = Files.readString(REPOSITORY.resolve(".ci/run"));
        List<Documented> exports = commandLines().stream().filter(command -> command.text().contains(STAND_IN_EXPORT)).toList();

        assertFalse(exports.isEmpty(), "the README shows how to export a stand-in");
        for (Documented export : exports) {
            String arguments = export.text().substring(export.text().indexOf(STAND_IN_EXPORT));
            assertTrue(ci.contains(arguments), export + "\n.ci/run does not run '" + arguments + "'");
        }
    }

    /** The words after {@code bin/virtus}, with the documented places replaced by the fixtures' and the shell's redirection dropped. */
    private static String[] arguments(Documented command) throws IOException {
        List<String> words = new ArrayList<>(Arrays.asList(command.text().split("\\s+")));
        if (!words.get(0).equals("bin/virtus")) {
            throw new AssertionError(command + ": environment variables before bin/virtus are not applied in this test;"
                    + " show the setting as an option or an export line instead");
        }
        words.remove(0);
        int redirect = words.indexOf(">");
        if (redirect >= 0) {
            words.subList(redirect, words.size()).clear();
        }
        List<String> arguments = new ArrayList<>();
        boolean s3 = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--endpoint-url")) {
                i++;
                continue;
            }
            Matcher location = S3_LOCATION.matcher(word);
            if (location.matches()) {
                String bucket = BUCKET_PREFIX + location.group(1);
                fillBucket(bucket, location.group(2));
                s3 = true;
                arguments.add("s3://" + bucket + "/" + location.group(2));
            } else if (word.equals(MODEL_PLACEHOLDER)) {
                arguments.add(model.toString());
            } else if (!word.startsWith("-") && (word.contains("/") || word.matches(".*\\.[a-z]+$"))) {
                arguments.add(place(word).toString());
            } else {
                arguments.add(word);
            }
        }
        if (s3) {
            arguments.addAll(1, List.of("--endpoint-url", EmbeddedS3.endpoint().toString()));
        }
        return arguments.toArray(String[]::new);
    }

    /** The sandbox's file or folder for a documented path: fixture images where the command reads, nothing where it writes. */
    private static Path place(String documented) throws IOException {
        Path path = sandbox.resolve(documented).normalize();
        if (documented.endsWith("/")) {
            if (path.getFileName().toString().startsWith("labelled")) {
                copyImages(path.resolve("real"));
                copyImages(path.resolve("fake"));
            } else {
                copyImages(path);
            }
        } else if (documented.matches(".*\\.(jpg|jpeg|png|webp|gif|bmp)$")) {
            Files.createDirectories(path.getParent());
            Files.copy(Fixtures.IMAGES.resolve(IMAGES.get(0)), path, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.createDirectories(path.getParent());
        }
        return path;
    }

    private static void copyImages(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String image : IMAGES) {
            Files.copy(Fixtures.IMAGES.resolve(image), folder.resolve(image), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void fillBucket(String bucket, String prefix) {
        S3Client s3 = EmbeddedS3.client();
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        for (String image : IMAGES) {
            s3.putObject(b -> b.bucket(bucket).key(prefix + image), RequestBody.fromBytes(Fixtures.bytes(Fixtures.IMAGES.resolve(image))));
        }
    }
}
