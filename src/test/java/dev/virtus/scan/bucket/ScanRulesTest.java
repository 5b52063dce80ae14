package dev.virtus.scan.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.virtus.scan.config.VirtusConfig;

/** {@code virtus.scan.*} key rules, without S3 or Quarkus. Every expectation is the literal reason text. */
class ScanRulesTest {

    /** The config group as SmallRye would build it; {@code null} stands for an unset list. */
    private record Scan(List<String> includePrefixesOrNull, List<String> excludePrefixesOrNull,
            List<String> includeSuffixesOrNull, List<String> excludeSuffixesOrNull) implements VirtusConfig.Scan {

        @Override
        public Optional<List<String>> includePrefixes() {
            return Optional.ofNullable(includePrefixesOrNull);
        }

        @Override
        public Optional<List<String>> excludePrefixes() {
            return Optional.ofNullable(excludePrefixesOrNull);
        }

        @Override
        public Optional<List<String>> includeSuffixes() {
            return Optional.ofNullable(includeSuffixesOrNull);
        }

        @Override
        public Optional<List<String>> excludeSuffixes() {
            return Optional.ofNullable(excludeSuffixesOrNull);
        }

        @Override
        public long minBytes() {
            return 1;
        }
    }

    private static ScanRules includePrefixes(String... prefixes) {
        return new ScanRules(new Scan(List.of(prefixes), null, null, null));
    }

    private static ScanRules excludePrefixes(String... prefixes) {
        return new ScanRules(new Scan(null, List.of(prefixes), null, null));
    }

    private static ScanRules includeSuffixes(String... suffixes) {
        return new ScanRules(new Scan(null, null, List.of(suffixes), null));
    }

    private static ScanRules excludeSuffixes(String... suffixes) {
        return new ScanRules(new Scan(null, null, null, List.of(suffixes)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.png", "uploads/a.png", "UPLOADS/a.txt", ""})
    void should_scan_every_key_when_no_rule_is_set(String key) {
        ScanRules none = new ScanRules(new Scan(null, null, null, null));

        assertEquals(Optional.empty(), none.skipReason(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"uploads/a.png", "avatars/b.jpg", "uploads/"})
    void should_scan_a_key_starting_with_an_included_prefix(String key) {
        ScanRules rules = includePrefixes("uploads/", "avatars/");

        assertEquals(Optional.empty(), rules.skipReason(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"other/a.png", "a.png", "Uploads/a.png", "xuploads/a.png"})
    void should_skip_a_key_outside_the_included_prefixes_case_sensitively(String key) {
        ScanRules rules = includePrefixes("uploads/", "avatars/");

        assertEquals(Optional.of("key matches none of virtus.scan.include-prefixes [uploads/, avatars/]"), rules.skipReason(key));
    }

    @Test
    void should_skip_a_key_starting_with_an_excluded_prefix_and_name_that_prefix() {
        ScanRules rules = excludePrefixes("tmp/", "cache/");

        assertEquals(Optional.of("key starts with excluded prefix 'cache/'"), rules.skipReason("cache/a.png"));
        assertEquals(Optional.empty(), rules.skipReason("Cache/a.png"));
        assertEquals(Optional.empty(), rules.skipReason("uploads/tmp/a.png"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.png", "a.PNG", "dir/b.Jpg", "c.JPG"})
    void should_match_included_suffixes_whatever_the_case_of_key_or_setting(String key) {
        ScanRules rules = includeSuffixes(".png", ".JPG");

        assertEquals(Optional.empty(), rules.skipReason(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.gif", "a.png.txt", "png"})
    void should_skip_a_key_without_an_included_suffix_and_list_them_lower_case(String key) {
        ScanRules rules = includeSuffixes(".png", ".JPG");

        assertEquals(Optional.of("key matches none of virtus.scan.include-suffixes [.png, .jpg]"), rules.skipReason(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.tmp", "a.TMP", "dir/a.Tmp"})
    void should_skip_an_excluded_suffix_whatever_the_case_of_key_or_setting(String key) {
        ScanRules rules = excludeSuffixes(".part", ".TMP");

        assertEquals(Optional.of("key ends with excluded suffix '.tmp'"), rules.skipReason(key));
    }

    @Test
    void should_keep_the_case_of_the_key_for_prefixes_but_not_for_suffixes() {
        // given a key whose prefix and suffix both differ in case from the settings
        ScanRules rules = new ScanRules(new Scan(List.of("Uploads/"), null, List.of(".png"), null));

        // then the prefix must match exactly while the suffix matches case-insensitively
        assertEquals(Optional.empty(), rules.skipReason("Uploads/A.PNG"));
        assertEquals(Optional.of("key matches none of virtus.scan.include-prefixes [Uploads/]"), rules.skipReason("uploads/a.png"));
    }

    @Test
    void should_report_the_first_rule_that_fails_in_the_documented_order() {
        // include-prefixes, then exclude-prefixes, then include-suffixes, then exclude-suffixes
        ScanRules rules = new ScanRules(new Scan(List.of("in/"), List.of("in/tmp/"), List.of(".png"), List.of(".thumb.png")));

        assertEquals(Optional.of("key matches none of virtus.scan.include-prefixes [in/]"), rules.skipReason("out/tmp/a.gif"));
        assertEquals(Optional.of("key starts with excluded prefix 'in/tmp/'"), rules.skipReason("in/tmp/a.gif"));
        assertEquals(Optional.of("key matches none of virtus.scan.include-suffixes [.png]"), rules.skipReason("in/a.gif"));
        assertEquals(Optional.of("key ends with excluded suffix '.thumb.png'"), rules.skipReason("in/a.THUMB.png"));
        assertEquals(Optional.empty(), rules.skipReason("in/a.png"));
    }

    @Test
    void should_treat_an_empty_include_list_as_no_restriction() {
        ScanRules rules = new ScanRules(new Scan(List.of(), List.of(), List.of(), List.of()));

        assertEquals(Optional.empty(), rules.skipReason("anything.bin"));
    }
}
