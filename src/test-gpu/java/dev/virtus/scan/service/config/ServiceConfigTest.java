package dev.virtus.scan.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.config.VirtusConfig;
import io.smallrye.config.SmallRyeConfig;

/** The service's settings whose defaults follow another setting, and the shared ones that follow them. */
class ServiceConfigTest {

    private static SmallRyeConfig config(String... keysAndValues) {
        return VirtusConfigs.config(new Class<?>[] {VirtusConfig.class, ServiceConfig.class}, keysAndValues);
    }

    private static Duration fetchTimeout(String... keysAndValues) {
        return config(keysAndValues).getConfigMapping(ServiceConfig.class).http().fetchTimeout();
    }

    private static int maxConnections(String... keysAndValues) {
        return config(keysAndValues).getConfigMapping(VirtusConfig.class).fetch().maxConnections();
    }

    @Test
    void should_bound_the_service_downloads_by_the_url_limit_unless_set() {
        assertEquals(Duration.ofSeconds(30), fetchTimeout());
        assertEquals(Duration.ofSeconds(5), fetchTimeout("virtus.fetch.total-timeout", "5s"));
        assertEquals(Duration.ofSeconds(9), fetchTimeout("virtus.fetch.total-timeout", "5s", "virtus.http.fetch-timeout", "9s"));
    }

    @Test
    void should_open_as_many_url_connections_as_the_service_runs_downloads_unless_set() {
        assertEquals(8, maxConnections());
        assertEquals(3, maxConnections("virtus.http.fetch-concurrency", "3"));
        assertEquals(2, maxConnections("virtus.http.fetch-concurrency", "3", "virtus.fetch.max-connections", "2"));
    }
}
