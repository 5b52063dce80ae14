package dev.virtus.scan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.s3.EmbeddedS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

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
}
