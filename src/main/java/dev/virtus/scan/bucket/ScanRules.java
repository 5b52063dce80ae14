package dev.virtus.scan.bucket;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.virtus.scan.config.VirtusConfig;

/** The key-based skip rules of {@code virtus.scan.*}, checked before any request to S3. */
public final class ScanRules {

    private final List<String> includePrefixes;
    private final List<String> excludePrefixes;
    private final List<String> includeSuffixes;
    private final List<String> excludeSuffixes;

    public ScanRules(VirtusConfig.Scan scan) {
        this.includePrefixes = scan.includePrefixes().orElse(List.of());
        this.excludePrefixes = scan.excludePrefixes().orElse(List.of());
        this.includeSuffixes = lowerCase(scan.includeSuffixes().orElse(List.of()));
        this.excludeSuffixes = lowerCase(scan.excludeSuffixes().orElse(List.of()));
    }

    /** Why {@code key} is not scanned, or empty when it is. */
    public Optional<String> skipReason(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (!includePrefixes.isEmpty() && includePrefixes.stream().noneMatch(key::startsWith)) {
            return Optional.of("key matches none of virtus.scan.include-prefixes " + includePrefixes);
        }
        for (String prefix : excludePrefixes) {
            if (key.startsWith(prefix)) {
                return Optional.of("key starts with excluded prefix '" + prefix + "'");
            }
        }
        if (!includeSuffixes.isEmpty() && includeSuffixes.stream().noneMatch(lower::endsWith)) {
            return Optional.of("key matches none of virtus.scan.include-suffixes " + includeSuffixes);
        }
        for (String suffix : excludeSuffixes) {
            if (lower.endsWith(suffix)) {
                return Optional.of("key ends with excluded suffix '" + suffix + "'");
            }
        }
        return Optional.empty();
    }

    private static List<String> lowerCase(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }
}
