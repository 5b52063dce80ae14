package dev.virtus.scan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.VirtusConfigs;

/** Settings whose defaults follow another setting, and settings refused at start. */
class VirtusConfigTest {

    @Test
    void should_open_eight_url_connections_when_no_service_download_limit_is_set() {
        assertEquals(8, VirtusConfigs.of().fetch().maxConnections());
        assertEquals(2, VirtusConfigs.of("virtus.fetch.max-connections", "2").fetch().maxConnections());
    }

    @Test
    void should_refuse_to_start_when_the_removed_all_or_nothing_private_address_switch_is_set() {
        RuntimeException error = assertThrows(RuntimeException.class,
                () -> VirtusConfigs.of("virtus.fetch.allow-private-addresses", "true"));

        assertTrue(error.getMessage().contains("virtus.fetch.allow-private-addresses"), error.getMessage());
    }

    @Test
    void should_refuse_to_start_when_an_allowed_range_is_not_a_cidr_literal() {
        RuntimeException error = assertThrows(RuntimeException.class,
                () -> VirtusConfigs.of("virtus.fetch.allowed-cidrs", "10.0.0.0/8,internal.example.com"));

        assertTrue(error.getMessage().contains("virtus.fetch.allowed-cidrs") && error.getMessage().contains("internal.example.com"),
                error.getMessage());
    }
}
