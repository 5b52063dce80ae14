package dev.virtus.scan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
