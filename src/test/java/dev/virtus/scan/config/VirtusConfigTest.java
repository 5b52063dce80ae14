package dev.virtus.scan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.VirtusConfigs;

/** Settings whose defaults follow another setting. */
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
}
