package dev.virtus.scan.model;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.virtus.scan.config.VirtusConfig;
import software.amazon.awssdk.services.s3.S3Client;

/** Reads the configured export directory, downloading it first when the location is {@code s3://bucket/prefix}. */
public final class ModelBundleLoader {

    private static final Logger LOG = Logger.getLogger(ModelBundleLoader.class);

    private ModelBundleLoader() {
    }

    /** @param s3 asked for a client only when the location is in S3 */
    public static ModelBundle load(VirtusConfig.Model model, Supplier<S3Client> s3) {
        String location = model.location().trim();
        Path directory = location.startsWith("s3://")
                ? new S3ModelDownloader(s3.get(), model.cacheDirectory(), model.downloadStreams()).download(location, model.file())
                : Path.of(location);
        long started = System.nanoTime();
        ModelBundle bundle = ModelBundleReader.read(directory, model.file(), model.name(), model.verifyChecksums());
        LOG.infof("Read model bundle %s (%s, checksums %s) in %d ms", bundle.displayName(), bundle.modelFile(),
                model.verifyChecksums() ? "verified" : "not verified",
                (System.nanoTime() - started) / 1_000_000);
        return bundle;
    }
}
