package dev.virtus.scan.model;

import java.nio.file.Path;
import java.util.function.Supplier;

import dev.virtus.scan.config.VirtusConfig;
import software.amazon.awssdk.services.s3.S3Client;

/** Reads the configured export directory, downloading it first when the location is {@code s3://bucket/prefix}. */
public final class ModelBundleLoader {

    private ModelBundleLoader() {
    }

    /** @param s3 asked for a client only when the location is in S3 */
    public static ModelBundle load(VirtusConfig.Model model, Supplier<S3Client> s3) {
        String location = model.location().trim();
        Path directory = location.startsWith("s3://")
                ? new S3ModelDownloader(s3.get(), model.cacheDirectory()).download(location, model.file())
                : Path.of(location);
        return ModelBundleReader.read(directory, model.file(), model.name());
    }
}
