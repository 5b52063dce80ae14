package dev.virtus.scan.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.virtus.scan.Await;
import dev.virtus.scan.Fixtures;
import dev.virtus.scan.s3.EmbeddedS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class S3ModelDownloaderTest {

    private static S3Client s3;

    @TempDir
    Path cache;

    @BeforeAll
    static void uploadExport() throws IOException {
        EmbeddedS3.startOnce();
        s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket("models"));
        try (var files = Files.list(Fixtures.MODELS.resolve("deit-tiny-standin"))) {
            for (Path file : files.toList()) {
                s3.putObject(b -> b.bucket("models").key("virtus/v1/" + file.getFileName()), RequestBody.fromFile(file));
                byte[] bytes = Files.readAllBytes(file);
                if (file.getFileName().toString().equals("model.onnx")) {
                    bytes[bytes.length / 2] ^= 0x10;
                }
                s3.putObject(b -> b.bucket("models").key("virtus/damaged/" + file.getFileName()), RequestBody.fromBytes(bytes));
            }
        }
    }

    @Test
    void should_refuse_a_downloaded_model_with_one_flipped_byte() {
        Path directory = new S3ModelDownloader(s3, cache).download("s3://models/virtus/damaged", "model.onnx");

        ModelBundleException error = assertThrows(ModelBundleException.class,
                () -> ModelBundleReader.read(directory, "model.onnx", Optional.empty()));

        assertTrue(error.getMessage().startsWith("The CRC-32 of " + directory.resolve("model.onnx") + " is "), error.getMessage());
    }

    @Test
    void should_download_an_export_directory_that_reads_like_the_local_one() {
        Path directory = new S3ModelDownloader(s3, cache).download("s3://models/virtus/v1/", "model.onnx");

        ModelBundle fromS3 = ModelBundleReader.read(directory, "model.onnx", Optional.empty());
        ModelBundle local = ModelBundleReader.read(Fixtures.MODELS.resolve("deit-tiny-standin"), "model.onnx", Optional.empty());
        assertEquals(local.displayName(), fromS3.displayName());
        assertEquals(local.labels(), fromS3.labels());
        assertTrue(Files.isRegularFile(directory.resolve("manifest.json")));
    }

    @Test
    void should_name_the_missing_object() {
        ModelBundleException error = assertThrows(ModelBundleException.class,
                () -> new S3ModelDownloader(s3, cache).download("s3://models/virtus/v2", "model.onnx"));

        assertTrue(error.getMessage().contains("s3://models/virtus/v2/config.json does not exist"), error.getMessage());
    }

    @Test
    void should_download_a_model_in_parallel_parts_byte_for_byte() throws IOException {
        CountingS3 counting = new CountingS3(s3, 0, () -> { });
        Path model = Fixtures.MODELS.resolve("deit-tiny-standin/model.onnx");

        Path directory = new S3ModelDownloader(counting, cache, 10_000, 4).download("s3://models/virtus/v1", "model.onnx");

        assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(directory.resolve("model.onnx")));
        assertEquals((Files.size(model) + 9_999) / 10_000, counting.rangeRequests.get());
    }

    @Test
    void should_refuse_a_model_replaced_while_it_downloads() throws IOException {
        uploadModel("virtus/replaced");
        CountingS3 replacing = new CountingS3(s3, 2, () -> s3.putObject(b -> b.bucket("models").key("virtus/replaced/model.onnx"),
                RequestBody.fromString("a different model")));

        ModelBundleException error = assertThrows(ModelBundleException.class,
                () -> new S3ModelDownloader(replacing, cache, 10_000, 2).download("s3://models/virtus/replaced", "model.onnx"));

        assertEquals("s3://models/virtus/replaced/model.onnx was replaced while it was downloaded; start again.", error.getMessage()
                .substring(0, error.getMessage().indexOf(" Produce an export directory")));
        assertFalse(Files.exists(cache.resolve("models/virtus/replaced/model.onnx")));
    }

    @Test
    void should_download_a_model_with_one_plain_get_when_one_stream_is_configured() throws IOException {
        CountingS3 counting = new CountingS3(s3, 0, () -> { });
        Path model = Fixtures.MODELS.resolve("deit-tiny-standin/model.onnx");

        Path directory = new S3ModelDownloader(counting, cache, 1).download("s3://models/virtus/v1", "model.onnx");

        assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(directory.resolve("model.onnx")));
        assertEquals(1, counting.modelRequests.get());
        assertEquals(0, counting.rangeRequests.get());
    }

    @Test
    void should_refuse_a_model_replaced_between_head_and_its_one_get() throws IOException {
        uploadModel("virtus/replaced-once");
        CountingS3 replacing = new CountingS3(s3, 1, () -> s3.putObject(b -> b.bucket("models").key("virtus/replaced-once/model.onnx"),
                RequestBody.fromString("a different model")));

        ModelBundleException error = assertThrows(ModelBundleException.class,
                () -> new S3ModelDownloader(replacing, cache, 1).download("s3://models/virtus/replaced-once", "model.onnx"));

        assertTrue(error.getMessage().startsWith("s3://models/virtus/replaced-once/model.onnx was replaced while it was downloaded; start again."),
                error.getMessage());
        assertFalse(Files.exists(cache.resolve("models/virtus/replaced-once/model.onnx")));
    }

    @Test
    void should_fetch_the_small_files_while_the_model_downloads() throws IOException {
        ConfigAfterModelS3 gated = new ConfigAfterModelS3(s3);

        Path directory = new S3ModelDownloader(gated, cache, 1).download("s3://models/virtus/v1", "model.onnx");

        assertTrue(gated.configWaitedForModel, "config.json was asked for only after the model had been downloaded");
        assertArrayEquals(Files.readAllBytes(Fixtures.MODELS.resolve("deit-tiny-standin/config.json")),
                Files.readAllBytes(directory.resolve("config.json")));
    }

    @Test
    void should_refuse_fewer_than_one_download_stream() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new S3ModelDownloader(s3, cache, 0));

        assertEquals("virtus.model.download-streams must be at least 1; it is 0.", error.getMessage());
    }

    /** The tiny stand-in's model and configs under {@code prefix}, for a test that replaces the model as it downloads. */
    private static void uploadModel(String prefix) {
        for (String file : new String[] {"model.onnx", "config.json", "preprocessor_config.json"}) {
            s3.putObject(b -> b.bucket("models").key(prefix + "/" + file), RequestBody.fromFile(Fixtures.MODELS.resolve("deit-tiny-standin").resolve(file)));
        }
    }

    /** Passes the downloader's HEADs and GETs on to S3Mock; a subclass looks at each GET on its way. */
    private abstract static class DelegatingS3 implements S3Client {
        final S3Client delegate;

        DelegatingS3(S3Client delegate) {
            this.delegate = delegate;
        }

        @Override
        public HeadObjectResponse headObject(HeadObjectRequest request) {
            return delegate.headObject(request);
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {
        }
    }

    /** Holds the GET of config.json until the GET of model.onnx has been sent, for at most ten seconds. */
    private static final class ConfigAfterModelS3 extends DelegatingS3 {
        private final CountDownLatch modelRequested = new CountDownLatch(1);
        volatile boolean configWaitedForModel;

        ConfigAfterModelS3(S3Client delegate) {
            super(delegate);
        }

        @Override
        public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
            if (request.key().endsWith("/model.onnx")) {
                modelRequested.countDown();
            } else if (request.key().endsWith("/config.json")) {
                try {
                    configWaitedForModel = modelRequested.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return delegate.getObject(request, transformer);
        }
    }

    /**
     * Counts the GETs of model.onnx, ranged or not, and runs {@code hook} just before the {@code hookAt}-th, once the
     * GETs before it have been answered: S3Mock rewrites an object's file in place, so a GET still streaming when a
     * PUT lands would stop short (real S3 serves each GET from one version).
     */
    private static final class CountingS3 extends DelegatingS3 {
        private final int hookAt;
        private final Runnable hook;
        final AtomicInteger modelRequests = new AtomicInteger();
        final AtomicInteger rangeRequests = new AtomicInteger();
        private final AtomicInteger modelAnswers = new AtomicInteger();

        CountingS3(S3Client delegate, int hookAt, Runnable hook) {
            super(delegate);
            this.hookAt = hookAt;
            this.hook = hook;
        }

        @Override
        public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
            if (!request.key().endsWith("/model.onnx")) {
                return delegate.getObject(request, transformer);
            }
            if (request.range() != null) {
                rangeRequests.incrementAndGet();
            }
            if (modelRequests.incrementAndGet() == hookAt) {
                int answered = hookAt - 1;
                try {
                    Await.until(answered + " earlier GET(s) of model.onnx are answered", Duration.ofSeconds(10),
                            () -> modelAnswers.get() >= answered);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                hook.run();
            }
            try {
                return delegate.getObject(request, transformer);
            } finally {
                modelAnswers.incrementAndGet();
            }
        }
    }
}
