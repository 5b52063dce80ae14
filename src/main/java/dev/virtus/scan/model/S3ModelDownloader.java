package dev.virtus.scan.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.jboss.logging.Logger;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Copies an export directory from {@code s3://bucket/prefix} to local disk (Lambda: /tmp), streaming each
 * object to a file. Checksums are verified afterwards by {@link ModelBundleReader} against the manifest.
 */
final class S3ModelDownloader {

    private static final Logger LOG = Logger.getLogger(S3ModelDownloader.class);

    private final S3Client s3;
    private final Path cacheDirectory;

    S3ModelDownloader(S3Client s3, Path cacheDirectory) {
        this.s3 = s3;
        this.cacheDirectory = cacheDirectory;
    }

    /** Returns the local directory holding the downloaded files. */
    Path download(String location, String modelFileName) {
        String withoutScheme = location.substring("s3://".length());
        int slash = withoutScheme.indexOf('/');
        String bucket = slash < 0 ? withoutScheme : withoutScheme.substring(0, slash);
        String prefix = slash < 0 ? "" : withoutScheme.substring(slash + 1).replaceAll("/+$", "");
        if (bucket.isBlank()) {
            throw new ModelBundleException("virtus.model.location '" + location + "' names no bucket.");
        }
        Path directory = cacheDirectory.resolve(bucket).resolve(prefix.isEmpty() ? "_root" : prefix);
        long started = System.nanoTime();
        try {
            Files.createDirectories(directory);
            for (String file : List.of(ModelBundleReader.CONFIG, ModelBundleReader.PREPROCESSOR_CONFIG, modelFileName)) {
                fetch(bucket, key(prefix, file), directory.resolve(file), true);
            }
            fetch(bucket, key(prefix, ModelBundleReader.MANIFEST), directory.resolve(ModelBundleReader.MANIFEST), false);
            fetchFaceDetector(bucket, prefix, directory);
        } catch (IOException e) {
            throw new ModelBundleException("Cannot write the model to " + directory + ": " + e.getMessage(), e);
        }
        LOG.infof("Downloaded model from %s to %s in %d ms", location, directory, (System.nanoTime() - started) / 1_000_000);
        return directory;
    }

    /** The face detector's settings when the export has them, then the ONNX file they name. */
    private void fetchFaceDetector(String bucket, String prefix, Path directory) throws IOException {
        Path settings = directory.resolve(FaceDetectorReader.SETTINGS);
        Files.createDirectories(settings.getParent());
        fetch(bucket, key(prefix, FaceDetectorReader.SETTINGS), settings, false);
        if (Files.isRegularFile(settings)) {
            String model = FaceDetectorReader.modelPath(ModelBundleReader.readJson(settings));
            fetch(bucket, key(prefix, model), directory.resolve(model), true);
        }
    }

    private void fetch(String bucket, String key, Path target, boolean required) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(partial);
        try {
            s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(partial));
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchKeyException e) {
            if (required) {
                throw new ModelBundleException("s3://" + bucket + "/" + key + " does not exist.", e);
            }
            Files.deleteIfExists(target);
        } catch (SdkException e) {
            throw new ModelBundleException("Cannot download s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private static String key(String prefix, String file) {
        return prefix.isEmpty() ? file : prefix + "/" + file;
    }
}
