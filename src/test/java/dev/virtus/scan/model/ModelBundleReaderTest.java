package dev.virtus.scan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.preprocess.ResampleFilter;
import dev.virtus.scan.preprocess.ResizeTarget;

class ModelBundleReaderTest {

    private static final Path DEIT = Fixtures.MODELS.resolve("deit-tiny-standin");
    private static final Path VIT = Fixtures.MODELS.resolve("vit-tiny-standin");

    @TempDir
    Path temp;

    @Test
    void should_read_labels_preprocessing_and_name_from_the_export_directory() {
        ModelBundle bundle = ModelBundleReader.read(DEIT, "model.onnx", Optional.empty());

        assertEquals(List.of("Real", "Fake"), bundle.labels());
        assertEquals("stand-in/deit-tiny", bundle.name());
        assertEquals(bundle.name() + "@" + bundle.sha256().substring(0, 12), bundle.displayName());
        assertEquals(new ResizeTarget.Exact(256, 256), bundle.preprocessing().resize());
        assertEquals(ResampleFilter.BICUBIC, bundle.preprocessing().resample());
        assertTrue(bundle.preprocessing().doCenterCrop());
        assertEquals(0.485f, bundle.preprocessing().mean()[0]);
    }

    @Test
    void should_keep_the_label_order_of_id2label() {
        ModelBundle bundle = ModelBundleReader.read(VIT, "model.onnx", Optional.of("my-model"));

        assertEquals(List.of("fake", "real"), bundle.labels());
        assertEquals("my-model", bundle.name());
        assertEquals(ResampleFilter.BILINEAR, bundle.preprocessing().resample());
    }

    @Test
    void should_say_how_to_produce_a_missing_export_directory() {
        ModelBundleException error = assertThrows(ModelBundleException.class,
                () -> ModelBundleReader.read(temp.resolve("nowhere"), "model.onnx", Optional.empty()));

        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
        assertTrue(error.getMessage().contains("model/export.py"), error.getMessage());
        assertTrue(error.getMessage().contains("VIRTUS_MODEL_LOCATION"), error.getMessage());
    }

    @Test
    void should_name_the_missing_file() throws IOException {
        Path copy = copyOf(DEIT);
        Files.delete(copy.resolve("preprocessor_config.json"));

        ModelBundleException error = assertThrows(ModelBundleException.class,
                () -> ModelBundleReader.read(copy, "model.onnx", Optional.empty()));

        assertTrue(error.getMessage().contains("has no preprocessor_config.json"), error.getMessage());
    }

    @Test
    void should_refuse_a_model_file_that_does_not_match_the_manifest() throws IOException {
        Path copy = copyOf(DEIT);
        byte[] model = Files.readAllBytes(copy.resolve("model.onnx"));
        model[model.length / 2] ^= 1;
        Files.write(copy.resolve("model.onnx"), model);

        ModelBundleException error = assertThrows(ModelBundleException.class,
                () -> ModelBundleReader.read(copy, "model.onnx", Optional.empty()));

        assertTrue(error.getMessage().contains("manifest.json says"), error.getMessage());
    }

    @Test
    void should_take_the_hash_from_the_manifest_when_not_verifying() throws IOException {
        Path copy = copyOf(DEIT);
        byte[] model = Files.readAllBytes(copy.resolve("model.onnx"));
        model[model.length / 2] ^= 1;
        Files.write(copy.resolve("model.onnx"), model);

        ModelBundle unverified = ModelBundleReader.read(copy, "model.onnx", Optional.empty(), false);

        ModelBundle original = ModelBundleReader.read(DEIT, "model.onnx", Optional.empty());
        assertEquals(original.sha256(), unverified.sha256());
    }

    @Test
    void should_refuse_an_unknown_image_processor() throws IOException {
        Path copy = copyOf(DEIT);
        Files.writeString(copy.resolve("preprocessor_config.json"), "{\"image_processor_type\": \"CLIPImageProcessor\"}");
        Files.delete(copy.resolve("manifest.json"));

        ModelBundleException error = assertThrows(ModelBundleException.class,
                () -> ModelBundleReader.read(copy, "model.onnx", Optional.empty()));

        assertTrue(error.getMessage().contains("CLIPImageProcessor"), error.getMessage());
    }

    @Test
    void should_read_shortest_edge_and_class_defaults() throws IOException {
        Path copy = copyOf(VIT);
        Files.writeString(copy.resolve("preprocessor_config.json"),
                "{\"image_processor_type\": \"DeiTImageProcessorPil\", \"size\": {\"shortest_edge\": 256}}");
        Files.delete(copy.resolve("manifest.json"));

        ModelBundle bundle = ModelBundleReader.read(copy, "model.onnx", Optional.empty());

        assertEquals(new ResizeTarget.ShortestEdge(256), bundle.preprocessing().resize());
        assertEquals(ResampleFilter.BICUBIC, bundle.preprocessing().resample());
        assertEquals(224, bundle.preprocessing().cropHeight());
        assertEquals(0.5f, bundle.preprocessing().std()[2]);
        assertEquals(copy.getFileName().toString(), bundle.name());
    }

    private Path copyOf(Path source) throws IOException {
        Path copy = temp.resolve(source.getFileName());
        Files.createDirectories(copy);
        try (var files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }
}
