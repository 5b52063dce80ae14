package dev.virtus.scan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.faces.FaceFixtures;
import dev.virtus.scan.s3.EmbeddedS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The face detector that model/export.py --faces puts in faces/ of an export directory. */
class FaceDetectorReaderTest {

    private static final String DETECTOR_SHA256 = "427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2";

    @TempDir
    Path folder;

    private Path export() {
        return FaceFixtures.exportWithFaces(Fixtures.MODELS.resolve("deit-tiny-standin"), folder.resolve("export"));
    }

    @Test
    void should_have_no_face_detector_without_a_faces_folder() {
        assertNull(ModelBundleReader.read(Fixtures.MODELS.resolve("deit-tiny-standin"), "model.onnx", Optional.empty()).faceDetector());
    }

    @Test
    void should_read_the_detector_and_its_mediapipe_settings() {
        FaceDetectorSettings settings = ModelBundleReader.read(export(), "model.onnx", Optional.empty()).faceDetector();

        assertEquals(DETECTOR_SHA256, settings.sha256());
        assertEquals("input:0", settings.inputName());
        assertEquals(256, settings.inputSize());
        assertEquals(List.of(16, 32, 32, 32), settings.strides());
        assertEquals(List.of("Identity:0", "Identity_1:0"), settings.scoreOutputs());
        assertEquals(List.of("Identity_2:0", "Identity_3:0"), settings.boxOutputs());
        assertEquals(0.75, settings.minScore());
        assertEquals(0.3, settings.minSuppressionIou());
        assertEquals(100.0, settings.scoreClipping());
    }

    @Test
    void should_refuse_a_detector_whose_checksum_differs_from_the_manifest() throws IOException {
        Path export = export();
        Path manifest = export.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"files\": \\{",
                "\"files\": {\"faces/face_detection_back_256x256.onnx\": {\"sha256\": \"" + "0".repeat(64) + "\"},"));

        ModelBundleException error = assertThrows(ModelBundleException.class,
                () -> ModelBundleReader.read(export, "model.onnx", Optional.empty()));

        assertTrue(error.getMessage().contains("face_detection_back_256x256.onnx is " + DETECTOR_SHA256), error.getMessage());
    }

    @Test
    void should_refuse_a_model_name_that_leaves_the_faces_folder() throws IOException {
        Path export = export();
        Path settings = export.resolve("faces/face_detector.json");
        Files.writeString(settings, Files.readString(settings).replace("\"face_detection_back_256x256.onnx\"", "\"../model.onnx\""));

        ModelBundleException error = assertThrows(ModelBundleException.class,
                () -> ModelBundleReader.read(export, "model.onnx", Optional.empty()));

        assertTrue(error.getMessage().contains("expected a plain file name"), error.getMessage());
    }

    @Test
    void should_download_the_detector_with_the_export_from_s3() throws IOException {
        EmbeddedS3.startOnce();
        S3Client s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket("models-with-faces"));
        Path export = export();
        try (Stream<Path> files = Files.walk(export)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = "v1/" + export.relativize(file).toString().replace('\\', '/');
                s3.putObject(b -> b.bucket("models-with-faces").key(key), RequestBody.fromFile(file));
            }
        }

        Path directory = new S3ModelDownloader(s3, folder.resolve("cache")).download("s3://models-with-faces/v1", "model.onnx");

        assertEquals(DETECTOR_SHA256, ModelBundleReader.read(directory, "model.onnx", Optional.empty()).faceDetector().sha256());
    }
}
