package dev.virtus.scan.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Copies an export directory from {@code s3://bucket/prefix} to local disk (Lambda: /tmp), streaming each
 * object to a file. The files are fetched at the same time, so the small ones cost no round trips after the
 * model's; the ONNX files are fetched as byte ranges in parallel: one S3 connection gives roughly 90 MB/s, so a
 * 343 MB model on one connection would take about 4 s of init. Every range is read with {@code If-Match} on the
 * ETag that HEAD saw, so a model replaced mid-download is refused, not spliced. Checksums are verified
 * afterwards by {@link ModelBundleReader} against the manifest.
 */
final class S3ModelDownloader {

    private static final Logger LOG = Logger.getLogger(S3ModelDownloader.class);
    static final int PART_BYTES = 16 << 20;
    static final int PARALLEL_PARTS = 8;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final S3Client s3;
    private final Path cacheDirectory;
    private final int partBytes;
    private final int parallelParts;

    S3ModelDownloader(S3Client s3, Path cacheDirectory) {
        this(s3, cacheDirectory, PARALLEL_PARTS);
    }

    /** @param parallelParts byte ranges in flight per ONNX file; 1 fetches each file with one GET */
    S3ModelDownloader(S3Client s3, Path cacheDirectory, int parallelParts) {
        this(s3, cacheDirectory, PART_BYTES, parallelParts);
    }

    S3ModelDownloader(S3Client s3, Path cacheDirectory, int partBytes, int parallelParts) {
        if (parallelParts < 1) {
            throw new IllegalArgumentException("virtus.model.download-streams must be at least 1; it is " + parallelParts + ".");
        }
        this.s3 = s3;
        this.cacheDirectory = cacheDirectory;
        this.partBytes = partBytes;
        this.parallelParts = parallelParts;
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
        } catch (IOException e) {
            throw new ModelBundleException("Cannot write the model to " + directory + ": " + e.getMessage(), e);
        }
        List<Callable<Path>> files = List.of(
                () -> fetch(bucket, key(prefix, ModelBundleReader.CONFIG), directory.resolve(ModelBundleReader.CONFIG), true),
                () -> fetch(bucket, key(prefix, ModelBundleReader.PREPROCESSOR_CONFIG),
                        directory.resolve(ModelBundleReader.PREPROCESSOR_CONFIG), true),
                () -> fetchInParts(bucket, key(prefix, modelFileName), directory.resolve(modelFileName)),
                () -> fetch(bucket, key(prefix, ModelBundleReader.MANIFEST), directory.resolve(ModelBundleReader.MANIFEST), false),
                () -> fetchFaceDetector(bucket, prefix, directory));
        ExecutorService pool = Executors.newFixedThreadPool(files.size());
        try {
            List<Future<Path>> fetches = files.stream().map(pool::submit).toList();
            for (Future<Path> fetch : fetches) {
                awaitFile(fetch, directory);
            }
        } finally {
            stopAndWait(pool, directory);
        }
        LOG.infof("Downloaded model from %s to %s in %d ms", location, directory, (System.nanoTime() - started) / 1_000_000);
        return directory;
    }

    /**
     * After a failure the other fetches are interrupted and awaited, so that none still writes into the directory
     * once the download has been refused.
     */
    private static void stopAndWait(ExecutorService pool, Path target) {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warnf("Downloads into %s were still running %d s after they were stopped", target, STOP_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** In the order the files were listed, so that a missing config is named before the model it belongs to. */
    private static void awaitFile(Future<Path> fetch, Path directory) {
        try {
            fetch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelBundleException("Interrupted while downloading the model to " + directory + ".", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException refused) {
                throw refused;
            }
            throw new ModelBundleException("Cannot write the model to " + directory + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The face detector's settings when the export has them, then the ONNX file they name. */
    private Path fetchFaceDetector(String bucket, String prefix, Path directory) throws IOException {
        Path settings = directory.resolve(FaceDetectorReader.SETTINGS);
        Files.createDirectories(settings.getParent());
        fetch(bucket, key(prefix, FaceDetectorReader.SETTINGS), settings, false);
        if (Files.isRegularFile(settings)) {
            String model = FaceDetectorReader.modelPath(ModelBundleReader.readJson(settings));
            fetchInParts(bucket, key(prefix, model), directory.resolve(model));
        }
        return settings;
    }

    private Path fetchInParts(String bucket, String key, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(partial);
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new ModelBundleException("s3://" + bucket + "/" + key + " does not exist.", e);
        } catch (SdkException e) {
            throw new ModelBundleException("Cannot download s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
        long size = head.contentLength();
        long partSize = parallelParts == 1 ? Math.max(1, size) : partBytes;
        int parts = (int) Math.max(1, (size + partSize - 1) / partSize);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parts, parallelParts));
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            List<Future<?>> pending = new ArrayList<>();
            for (long first = 0; first < size; first += partSize) {
                long from = first;
                long to = Math.min(size, first + partSize) - 1;
                String range = parts == 1 ? null : "bytes=" + from + "-" + to;
                pending.add(pool.submit(() -> fetchRange(bucket, key, head.eTag(), range, from, to, out)));
            }
            for (Future<?> part : pending) {
                awaitPart(part, bucket, key);
            }
        } finally {
            stopAndWait(pool, target);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** @param range the HTTP Range of bytes {@code from} to {@code to}, or null for the whole object */
    private Void fetchRange(String bucket, String key, String eTag, String range, long from, long to, FileChannel out) {
        s3.getObject(b -> b.bucket(bucket).key(key).ifMatch(eTag).range(range), (response, in) -> {
            byte[] buffer = new byte[1 << 16];
            long position = from;
            for (int read; (read = in.read(buffer)) > 0; position += read) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    out.write(chunk, position + chunk.position());
                }
            }
            if (position != to + 1) {
                throw new IOException("s3://" + bucket + "/" + key + " bytes " + from + "-" + to + " ended after "
                        + (position - from) + " bytes.");
            }
            return response;
        });
        return null;
    }

    private static void awaitPart(Future<?> part, String bucket, String key) {
        try {
            part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelBundleException("Interrupted while downloading s3://" + bucket + "/" + key + ".", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof S3Exception s3Error && s3Error.statusCode() == 412) {
                throw new ModelBundleException("s3://" + bucket + "/" + key + " was replaced while it was downloaded; start again.", s3Error);
            }
            throw new ModelBundleException("Cannot download s3://" + bucket + "/" + key + ": " + cause.getMessage(), cause);
        }
    }

    private Path fetch(String bucket, String key, Path target, boolean required) throws IOException {
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
        return target;
    }

    private static String key(String prefix, String file) {
        return prefix.isEmpty() ? file : prefix + "/" + file;
    }
}
