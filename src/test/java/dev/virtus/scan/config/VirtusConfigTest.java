package dev.virtus.scan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.VirtusConfigs;

/** Settings whose defaults follow another setting, and settings refused at start. */
class VirtusConfigTest {

    @Test
    void should_bound_the_service_downloads_by_the_url_limit_unless_set() {
        assertEquals(Duration.ofSeconds(30), VirtusConfigs.of().http().fetchTimeout());
        assertEquals(Duration.ofSeconds(5), VirtusConfigs.of("virtus.fetch.total-timeout", "5s").http().fetchTimeout());
        assertEquals(Duration.ofSeconds(9),
                VirtusConfigs.of("virtus.fetch.total-timeout", "5s", "virtus.http.fetch-timeout", "9s").http().fetchTimeout());
    }

    @Test
    void should_open_as_many_url_connections_as_the_service_runs_downloads_unless_set() {
        assertEquals(8, VirtusConfigs.of().fetch().maxConnections());
        assertEquals(3, VirtusConfigs.of("virtus.http.fetch-concurrency", "3").fetch().maxConnections());
        assertEquals(2, VirtusConfigs.of("virtus.http.fetch-concurrency", "3", "virtus.fetch.max-connections", "2").fetch().maxConnections());
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
