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
        VirtusConfig.Model model = config.model();
        String location = model.location().trim();
        java.nio.file.Path directory = location.startsWith("s3://")
                ? new S3ModelDownloader(s3.get(), model.cacheDirectory()).download(location, model.file())
                : java.nio.file.Path.of(location);
        return ModelBundleReader.read(directory, model.file(), model.name());
    }
}
