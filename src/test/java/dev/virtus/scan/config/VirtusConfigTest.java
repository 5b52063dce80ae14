package dev.virtus.scan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.VirtusConfigs;

/** Settings whose defaults follow another setting. */
class VirtusConfigTest {

    @Test
    void should_open_eight_url_connections_when_no_service_download_limit_is_set() {
        assertEquals(8, VirtusConfigs.of().fetch().maxConnections());
        assertEquals(2, VirtusConfigs.of("virtus.fetch.max-connections", "2").fetch().maxConnections());
    }
}
