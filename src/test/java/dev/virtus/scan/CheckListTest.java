package dev.virtus.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/checks.md lists every check that guards the gate with the test whose input only that check refuses. Every
 * {@code require*} and {@code check*} method of the guarded packages needs a row, and every row must name a check
 * and a test method that exist, so that the list cannot fall behind the code.
 */
class CheckListTest {

    private static final Path CHECKS = Path.of("docs/checks.md");
    /** The packages whose checks stand between an upload (or a caller) and the pixels, the marking or the service. */
    private static final List<Path> GUARDED = List.of(
            Path.of("src/main/java/dev/virtus/scan/decode"),
            Path.of("src/main/java/dev/virtus/scan/fetch"),
            Path.of("src/main/java/dev/virtus/scan/tag"),
            Path.of("src/main/java/dev/virtus/scan/bucket"),
            Path.of("src/gpu/java/dev/virtus/scan/service/http"),
            Path.of("src/gpu/java/dev/virtus/scan/service/model"));
    private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("src/gpu/java"));
    private static final List<Path> TESTS = List.of(Path.of("src/test/java"), Path.of("src/test-gpu/java"));

    /** A method declaration named require* or check*: a type (not a keyword) before the name, a body or throws after the parameters. */
    private static final Pattern CHECK_DECLARATION = Pattern.compile(
            "(?m)^[ \\t]*(?:(?:public|protected|private|static|final|synchronized|abstract|default)\\s+)*(?:<[^>]+>\\s+)?"
                    + "([\\w.$<>\\[\\]?]+(?:\\s*,\\s*[\\w.$<>\\[\\]?]+)*)\\s+((?:require|check)\\w*)\\s*\\(");
    private static final Set<String> NOT_TYPES = Set.of("return", "throw", "new", "else", "case", "yield", "assert");
    /** A table row: | `Class#method` | what it refuses | `TestClass#test_method` | */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([\\w.]+)#(\\w+)`\\s*\\|.*\\|\\s*`(\\w+)#(\\w+)`\\s*\\|\\s*$");

    private record Row(int line, String checkClass, String checkMethod, String testClass, String testMethod) {
        String check() {
            return checkClass + "#" + checkMethod;
        }
    }

    @Test
    void should_list_every_require_and_check_method_of_the_guarded_packages() {
        Set<String> listed = new TreeSet<>(rows().stream().map(Row::check).toList());
        List<String> missing = new ArrayList<>();
        for (Path file : javaFiles(GUARDED)) {
            for (String method : checkMethods(read(file))) {
                String check = className(file) + "#" + method;
                if (!listed.contains(check)) {
                    missing.add(check + " (" + file + ")");
                }
            }
        }

        assertEquals(List.of(), missing, "docs/checks.md has no row for these checks; add one per condition,"
                + " | `Class#method` | what only it refuses | `TestClass#test_method` |, naming a test whose input only that check refuses");
    }

    @Test
    void should_name_checks_and_test_methods_that_exist() {
        List<String> stale = new ArrayList<>();
        for (Row row : rows()) {
            String where = "docs/checks.md line " + row.line() + ": ";
            Optional<String> check = source(SOURCES, row.checkClass().split("\\.")[0]);
            if (check.isEmpty() || !declares(check.get(), row.checkMethod())) {
                stale.add(where + "no method " + row.check() + " under src/main/java or src/gpu/java");
            }
            Optional<String> test = source(TESTS, row.testClass());
            if (test.isEmpty() || !Pattern.compile("void\\s+" + row.testMethod() + "\\s*\\(").matcher(test.get()).find()) {
                stale.add(where + "no test method " + row.testClass() + "#" + row.testMethod() + " under src/test/java or src/test-gpu/java");
            }
        }

        assertEquals(List.of(), stale);
    }

    @Test
    void should_find_check_methods_however_they_are_declared_but_not_where_they_are_called() {
        String source = """
                class Example {
                    static void requireOne(byte[] bytes) {
                    private void check() {
                    public <T> List<T> checkAll(
                            int a) throws IOException {
                    Map<String, Integer> requireMap(int a) {
                        limits.requireWithin(format, "image", 1, 1);
                        return checkUrl(url);
                        URI uri = checkUrl(url);
                        requireSoundStructure(bytes, format);
                     * checks the header (requireNothing(x))
                """;

        assertEquals(List.of("requireOne", "check", "checkAll", "requireMap"), checkMethods(source));
    }

    @Test
    void should_read_rows_naming_a_check_and_a_test() {
        assertTrue(ROW.matcher("| `DecodeLimits#requireWithin` | a side of 0 | `DecodeLimitsTest#should_refuse_it` |").matches());
        assertTrue(ROW.matcher("| `UrlFetcher.GuardedResolver#resolve` | x | y | `UrlGuardTest#should_x` |").matches());
    }

    static List<String> checkMethods(String source) {
        List<String> methods = new ArrayList<>();
        Matcher declaration = CHECK_DECLARATION.matcher(source);
        while (declaration.find()) {
            if (!NOT_TYPES.contains(declaration.group(1))) {
                methods.add(declaration.group(2));
            }
        }
        return methods;
    }

    private static boolean declares(String source, String method) {
        return Pattern.compile("(?m)^[ \\t]*(?:[\\w<>\\[\\],.?]+\\s+)+" + method + "\\s*[({]").matcher(source).find();
    }

    private static List<Row> rows() {
        List<String> lines = List.of(read(CHECKS).split("\n", -1));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher row = ROW.matcher(lines.get(i).strip());
            if (row.matches()) {
                rows.add(new Row(i + 1, row.group(1), row.group(2), row.group(3), row.group(4)));
            }
        }
        assertTrue(rows.size() > 0, "docs/checks.md lists no check");
        return rows;
    }

    private static Optional<String> source(List<Path> roots, String className) {
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                Optional<Path> file = files.filter(f -> f.getFileName().toString().equals(className + ".java")).findFirst();
                if (file.isPresent()) {
                    return Optional.of(read(file.get()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    private static List<Path> javaFiles(List<Path> directories) {
        List<Path> files = new ArrayList<>();
        for (Path directory : directories) {
            try (Stream<Path> found = Files.walk(directory)) {
                found.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private static String className(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".java".length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
