package dev.virtus.scan.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.config.SettingsDoc;

/** docs/settings.md lists every key of {@link ServiceConfig} with its default, and no GPU key that is not there. */
class ServiceSettingsDocTest {

    @Test
    void should_list_every_service_key_with_its_default_when_the_page_is_read() {
        assertEquals(List.of(),
                SettingsDoc.differences(SettingsDoc.keys(ServiceConfig.class), SettingsDoc.defaults(SettingsDoc.GPU_SERVICE)));
    }
}
