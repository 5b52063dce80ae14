package dev.virtus.scan.model;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.virtus.scan.config.VirtusConfig;
import software.amazon.awssdk.services.s3.S3Client;

/** Loads the configured export directory once, from local disk or S3. */
public class ModelBundleProducer {

    @Produces
    @Singleton
    ModelBundle modelBundle(VirtusConfig config, Instance<S3Client> s3) {
        return ModelBundleLoader.load(config.model(), s3::get);
    }
}
