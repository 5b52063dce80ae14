package dev.virtus.scan.tag;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.virtus.scan.config.VirtusConfig;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Reads the marking key once, from the first source {@code virtus.marking.*} names: a Secrets Manager secret, an SSM
 * SecureString parameter, or the plain setting. The Secrets Manager and SSM clients are built only for the source in
 * use, and closed once the key is read.
 */
final class MarkingKeys {

    private static final Logger LOG = Logger.getLogger(MarkingKeys.class);

    private MarkingKeys() {
    }

    static MarkingSeal seal(VirtusConfig.Marking config) {
        String key;
        String source;
        if (config.keySecret().isPresent()) {
            source = "secret " + config.keySecret().get();
            key = fromSecret(config.keySecret().get());
        } else if (config.keyParameter().isPresent()) {
            source = "parameter " + config.keyParameter().get();
            key = fromParameter(config.keyParameter().get());
        } else if (config.key().isPresent()) {
            source = "virtus.marking.key";
            key = config.key().get();
        } else {
            throw new IllegalStateException("scan has no marking key: set virtus.marking.key-secret (VIRTUS_MARKING_KEY_SECRET),"
                    + " virtus.marking.key-parameter (VIRTUS_MARKING_KEY_PARAMETER) or, for local use, virtus.marking.key"
                    + " (at least " + MarkingSeal.MIN_KEY_BYTES + " characters); the Terraform module creates a secret");
        }
        try {
            MarkingSeal seal = new MarkingSeal(key.getBytes(StandardCharsets.UTF_8));
            LOG.infof("marking key read from %s", source);
            return seal;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the marking key from " + source + " is unusable: " + e.getMessage(), e);
        }
    }

    private static String fromSecret(String nameOrArn) {
        var builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        regionOf(nameOrArn).ifPresent(region -> builder.region(Region.of(region)));
        try (SecretsManagerClient client = builder.build()) {
            return client.getSecretValue(b -> b.secretId(nameOrArn)).secretString();
        }
    }

    private static String fromParameter(String nameOrArn) {
        var builder = SsmClient.builder().httpClient(UrlConnectionHttpClient.create());
        regionOf(nameOrArn).ifPresent(region -> builder.region(Region.of(region)));
        try (SsmClient client = builder.build()) {
            return client.getParameter(b -> b.name(nameOrArn).withDecryption(true)).parameter().value();
        }
    }

    /** The region of an ARN ({@code arn:PARTITION:SERVICE:REGION:...}); empty for a plain name. */
    static Optional<String> regionOf(String nameOrArn) {
        String[] parts = nameOrArn.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") && !parts[3].isEmpty() ? Optional.of(parts[3]) : Optional.empty();
    }
}
