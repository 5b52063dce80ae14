package dev.virtus.scan;

import java.util.HashMap;
import java.util.Map;

import dev.virtus.scan.config.VirtusConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@link VirtusConfig} as the application would read it, without a Quarkus boot, for plain tests. */
public final class VirtusConfigs {

    /** The marking key of tests, as {@code %test.virtus.marking.key} in application.properties. */
    public static final String MARKING_KEY = "test-marking-key-not-a-secret-0123456789";

    private VirtusConfigs() {
    }

    /** The settings with their defaults, overridden by {@code keysAndValues} (key, value, key, value...). */
    public static VirtusConfig of(String... keysAndValues) {
        return config(new Class<?>[] {VirtusConfig.class}, keysAndValues).getConfigMapping(VirtusConfig.class);
    }

    /** A configuration holding these {@code @ConfigMapping}s, as {@link #of(String...)} builds it. */
    public static SmallRyeConfig config(Class<?>[] mappings, String... keysAndValues) {
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            overrides.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors().addDefaultSources()
                .addDiscoveredConverters();
        for (Class<?> mapping : mappings) {
            builder.withMapping(mapping);
        }
        return builder.withDefaultValue("virtus.model.location", "unused")
                .withDefaultValue("virtus.marking.key", MARKING_KEY)
                .withSources(new PropertiesConfigSource(overrides, "test overrides", 1000))
                .build();
    }
}
