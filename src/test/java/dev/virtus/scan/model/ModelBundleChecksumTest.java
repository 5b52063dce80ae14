package dev.virtus.scan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.virtus.scan.Fixtures;

class ModelBundleChecksumTest {

    @TempDir
    Path export;

    /** The tiny stand-in plus a model.int8.onnx the manifest lists with a checksum its bytes do not have. */
    private void exportWithDamagedInt8() throws IOException {
        Path source = Fixtures.MODELS.resolve("deit-tiny-standin");
        for (String file : new String[] {"config.json", "preprocessor_config.json", "model.onnx"}) {
            Files.copy(source.resolve(file), export.resolve(file));
        }
        Files.writeString(export.resolve("model.int8.onnx"), "not the listed bytes");
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(source.resolve("manifest.json").toFile());
        ((ObjectNode) manifest.get("files")).putObject("model.int8.onnx").put("sha256", "00".repeat(32));
        json.writeValue(export.resolve("manifest.json").toFile(), manifest);
    }

    @Test
    void should_verify_only_the_files_the_bundle_loads() throws IOException {
        exportWithDamagedInt8();

        ModelBundle bundle = ModelBundleReader.read(export, "model.onnx", Optional.empty());

        assertEquals(export.resolve("model.onnx"), bundle.modelFile());
    }

    @Test
    void should_refuse_a_loaded_model_whose_checksum_differs() throws IOException {
        exportWithDamagedInt8();

        var error = assertThrows(ModelBundleException.class, () -> ModelBundleReader.read(export, "model.int8.onnx", Optional.empty()));

        assertTrue(error.getMessage().contains("model.int8.onnx"), error.getMessage());
        assertTrue(error.getMessage().contains("manifest.json says"), error.getMessage());
    }

    /** The tiny stand-in with one byte of model.onnx flipped: same size, different bytes. */
    private Path exportWithFlippedByte() throws IOException {
        for (String file : new String[] {"config.json", "preprocessor_config.json", "model.onnx", "manifest.json"}) {
            Files.copy(Fixtures.MODELS.resolve("deit-tiny-standin").resolve(file), export.resolve(file));
        }
        byte[] model = Files.readAllBytes(export.resolve("model.onnx"));
        model[model.length / 2] ^= 0x10;
        Files.write(export.resolve("model.onnx"), model);
        return export.resolve("model.onnx");
    }

    @Test
    void should_refuse_a_model_with_one_flipped_byte_by_its_crc32() throws IOException {
        Path model = exportWithFlippedByte();
        String recorded = new ObjectMapper().readTree(export.resolve("manifest.json").toFile())
                .path("files").path("model.onnx").path("crc32").asText();

        var error = assertThrows(ModelBundleException.class, () -> ModelBundleReader.read(export, "model.onnx", Optional.empty()));

        assertEquals("The CRC-32 of " + model + " is " + ExportManifest.crc32(model) + " but manifest.json says " + recorded
                + ": the file is damaged or was changed after export.", firstSentence(error));
    }

    @Test
    void should_refuse_a_truncated_model_by_its_size() throws IOException {
        Path model = exportWithFlippedByte();
        long recorded = Files.size(Fixtures.MODELS.resolve("deit-tiny-standin/model.onnx"));
        try (var channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
            channel.truncate(recorded - 1);
        }

        var error = assertThrows(ModelBundleException.class, () -> ModelBundleReader.read(export, "model.onnx", Optional.empty()));

        assertEquals("The size of " + model + " is " + (recorded - 1) + " bytes but manifest.json says " + recorded
                + " bytes: the file is damaged or was changed after export.", firstSentence(error));
    }

    @Test
    void should_fall_back_to_sha256_for_a_manifest_without_crc32() throws IOException {
        Path model = exportWithFlippedByte();
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(export.resolve("manifest.json").toFile());
        ObjectNode entry = (ObjectNode) manifest.path("files").path("model.onnx");
        entry.remove("crc32");
        entry.remove("bytes");
        json.writeValue(export.resolve("manifest.json").toFile(), manifest);

        var error = assertThrows(ModelBundleException.class, () -> ModelBundleReader.read(export, "model.onnx", Optional.empty()));

        assertEquals("The checksum of " + model + " is " + ModelBundleReader.sha256(model) + " but manifest.json says "
                + entry.get("sha256").asText() + ": the file is damaged or was changed after export.", firstSentence(error));
    }

    @Test
    void should_name_the_model_by_the_sha256_of_its_bytes() {
        Path source = Fixtures.MODELS.resolve("deit-tiny-standin");

        ModelBundle bundle = ModelBundleReader.read(source, "model.onnx", Optional.empty());

        assertEquals(ModelBundleReader.sha256(source.resolve("model.onnx")), bundle.sha256());
    }

    @Test
    void should_compute_crc32_as_zlib_does() throws IOException {
        Path check = export.resolve("check");
        Files.writeString(check, "123456789");

        assertEquals("cbf43926", ExportManifest.crc32(check));
    }

    /** The message without the hint on producing an export that every bundle error ends with. */
    private static String firstSentence(ModelBundleException error) {
        return error.getMessage().substring(0, error.getMessage().indexOf(" Produce an export directory"));
    }
}
