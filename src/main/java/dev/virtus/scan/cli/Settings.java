package dev.virtus.scan.cli;

import java.util.Map;

import dev.virtus.scan.config.VirtusConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Reads {@code virtus.*} as the functions do (application.properties, env {@code VIRTUS_*}, {@code -D}
 * properties), in the prod profile the functions run in, with command-line options above them all.
 */
final class Settings {

    /** Above system properties (400) and environment variables (300). */
    private static final int COMMAND_LINE_ORDINAL = 500;

    private static final String MODEL_LOCATION = "virtus.model.location";

    private Settings() {
    }

    static VirtusConfig load(Map<String, String> commandLine) {
        // Checked before mapping, which would only say that the property is missing.
        if (builder(commandLine).build().getOptionalValue(MODEL_LOCATION, String.class).isEmpty()) {
            throw new CliException("no model given: pass --model DIR (an export directory written by model/export.py,"
                    + " or s3://bucket/prefix) or set VIRTUS_MODEL_LOCATION.");
        }
        SmallRyeConfig config = builder(commandLine).withMapping(VirtusConfig.class).build();
        return config.getConfigMapping(VirtusConfig.class);
    }

    private static SmallRyeConfigBuilder builder(Map<String, String> commandLine) {
        return new SmallRyeConfigBuilder()
                .withProfile("prod")
                .addDefaultInterceptors()
                .addDefaultSources()
                .addDiscoveredSources()
                .addDiscoveredConverters()
                .withSources(new PropertiesConfigSource(commandLine, "command-line options", COMMAND_LINE_ORDINAL));
    }
}
