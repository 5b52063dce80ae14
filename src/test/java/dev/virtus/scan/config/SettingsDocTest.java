package dev.virtus.scan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** docs/settings.md lists every key of {@link VirtusConfig} with its default, and no key that is not there. */
class SettingsDocTest {

    /** The builds column of the keys every build reads (the functions, the command line, the GPU service). */
    private static final String ALL_BUILDS = "all";

    @Test
    void should_list_every_shared_key_with_its_default_when_the_page_is_read() {
        assertEquals(List.of(), SettingsDoc.differences(SettingsDoc.keys(VirtusConfig.class), SettingsDoc.defaults(ALL_BUILDS)));
    }

    @Test
    void should_name_a_known_build_in_every_row() {
        SettingsDoc.read(SettingsDoc.PAGE).forEach((key, row) -> {
            if (!row.builds().equals(ALL_BUILDS) && !row.builds().equals(SettingsDoc.GPU_SERVICE)) {
                throw new AssertionError(key + " applies to '" + row.builds() + "'; write '" + ALL_BUILDS + "' or '"
                        + SettingsDoc.GPU_SERVICE + "'");
            }
        });
    }
}
