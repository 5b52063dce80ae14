package dev.virtus.scan.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The settings table of docs/settings.md, and the keys an {@code @ConfigMapping} interface declares, named as
 * SmallRye Config names them (the prefix, then each group and property, camelCase written kebab-case, or its
 * {@code @WithName}), so that a test can hold the two side by side.
 */
public final class SettingsDoc {

    /** docs/settings.md, from the module root where Maven runs the tests. */
    public static final Path PAGE = Path.of("docs", "settings.md");

    /** The builds column of the keys only the GPU service reads ({@code ServiceConfig}, src/gpu). */
    public static final String GPU_SERVICE = "GPU service";

    /** A row: {@code | `virtus.key` | default | builds | meaning |}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(virtus\\.[^`]+)`\\s*\\|([^|]*)\\|([^|]*)\\|.*$");

    private static final Pattern LITERAL = Pattern.compile("^`([^`]*)`$");

    private SettingsDoc() {
    }

    /** One documented setting: its default as written ({@code null} for none) and the builds it applies to. */
    public record Documented(String defaultValue, String builds) {
    }

    /**
     * The rows of the page, by key. A default is a literal in backticks, exactly the {@code @WithDefault}; a cell
     * without backticks (such as "(none)") says that the key has no default.
     */
    public static Map<String, Documented> read(Path page) {
        Map<String, Documented> rows = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(page)) {
                Matcher row = ROW.matcher(line.strip());
                if (row.matches()) {
                    String cell = row.group(2).strip();
                    Matcher literal = LITERAL.matcher(cell);
                    Documented documented = new Documented(literal.matches() ? literal.group(1) : null, row.group(3).strip());
                    if (rows.put(row.group(1), documented) != null) {
                        throw new IllegalStateException(page + " lists " + row.group(1) + " twice");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The documented defaults of the rows whose builds column is {@code builds}, by key ({@code null}: none). */
    public static Map<String, String> defaults(String builds) {
        Map<String, String> defaults = new TreeMap<>();
        read(PAGE).forEach((key, row) -> {
            if (row.builds().equals(builds)) {
                defaults.put(key, row.defaultValue());
            }
        });
        return defaults;
    }

    /**
     * What differs between the keys of a mapping and the rows of the page, one line each: a key without a row, a row
     * without a key, a default written otherwise.
     */
    public static List<String> differences(Map<String, String> inCode, Map<String, String> documented) {
        List<String> differences = new ArrayList<>();
        inCode.forEach((key, value) -> {
            if (!documented.containsKey(key)) {
                differences.add(key + " (default " + shown(value) + ") has no row in " + PAGE);
            } else if (!Objects.equals(value, documented.get(key))) {
                differences.add(key + ": default " + shown(value) + " in the code, " + shown(documented.get(key)) + " in " + PAGE);
            }
        });
        documented.keySet().stream().filter(key -> !inCode.containsKey(key))
                .forEach(key -> differences.add(PAGE + " lists " + key + ", which no @ConfigMapping of this build declares"));
        return differences;
    }

    private static String shown(String value) {
        return value == null ? "none" : "`" + value + "`";
    }

    /** Every key of the mapping with its {@code @WithDefault} ({@code null} when it has none), sorted. */
    public static Map<String, String> keys(Class<?> mapping) {
        Map<String, String> keys = new TreeMap<>();
        collect(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), keys);
        return keys;
    }

    private static void collect(Class<?> group, String prefix, Map<String, String> keys) {
        Method[] methods = group.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method method : methods) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "." + name(method);
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getName().startsWith("dev.virtus.")) {
                collect(type, key, keys);
            } else {
                keys.put(key, Optional.ofNullable(method.getAnnotation(WithDefault.class)).map(WithDefault::value).orElse(null));
            }
        }
    }

    private static String name(Method method) {
        WithName named = method.getAnnotation(WithName.class);
        if (named != null) {
            return named.value();
        }
        StringBuilder kebab = new StringBuilder();
        for (char c : method.getName().toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString().toLowerCase(Locale.ROOT);
    }
}
