package dev.virtus.scan.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.preprocess.ImageProcessorConfig;

/** Reads and checks an export directory on the local file system. */
public final class ModelBundleReader {

    static final String CONFIG = "config.json";
    static final String PREPROCESSOR_CONFIG = "preprocessor_config.json";
    static final String MANIFEST = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelBundleReader() {
    }

    /** Reads the export directory, verifying the files it loads against the manifest. */
    public static ModelBundle read(Path directory, String modelFileName, Optional<String> configuredName) {
        return read(directory, modelFileName, configuredName, true);
    }

    /**
     * @param directory the export directory
     * @param modelFileName the ONNX file inside it
     * @param configuredName the name to report, overriding the manifest's model id
     * @param verifyChecksums compare the loaded files with the manifest (see {@link ExportManifest}); either
     *        way the ONNX file's SHA-256 is taken from the manifest when it lists one, and computed otherwise
     */
    public static ModelBundle read(Path directory, String modelFileName, Optional<String> configuredName, boolean verifyChecksums) {
        if (!Files.isDirectory(directory)) {
            throw new ModelBundleException("The model export directory " + directory.toAbsolutePath() + " does not exist.");
        }
        Path modelFile = requireFile(directory, modelFileName);
        JsonNode config = readJson(requireFile(directory, CONFIG));
        ImageProcessorConfig preprocessing = PreprocessorConfigReader.read(readJson(requireFile(directory, PREPROCESSOR_CONFIG)));
        Optional<ExportManifest> manifest = ExportManifest.read(directory);
        if (verifyChecksums) {
            manifest.ifPresent(m -> List.of(modelFileName, CONFIG, PREPROCESSOR_CONFIG).forEach(file -> m.verify(directory, file)));
        }
        String sha256 = manifest.flatMap(m -> m.sha256(modelFileName)).orElseGet(() -> sha256(modelFile));
        String name = configuredName
                .or(() -> manifest.map(m -> m.json().path("model_id").asText("")).filter(s -> !s.isBlank()))
                .orElseGet(() -> directory.toAbsolutePath().normalize().getFileName().toString());
        return new ModelBundle(modelFile, name, sha256, labels(config), preprocessing,
                FaceDetectorReader.read(directory, manifest, verifyChecksums).orElse(null));
    }

    /** {@code id2label} in id order; ids must run from 0 without gaps. */
    static List<String> labels(JsonNode config) {
        JsonNode id2label = config.path("id2label");
        if (!id2label.isObject() || id2label.isEmpty()) {
            throw new ModelBundleException("config.json has no id2label mapping.");
        }
        Map<Integer, String> byId = new TreeMap<>();
        id2label.fields().forEachRemaining(entry -> {
            try {
                byId.put(Integer.parseInt(entry.getKey()), entry.getValue().asText());
            } catch (NumberFormatException e) {
                throw new ModelBundleException("config.json id2label has a non-numeric id '" + entry.getKey() + "'.");
            }
        });
        for (int id = 0; id < byId.size(); id++) {
            if (!byId.containsKey(id)) {
                throw new ModelBundleException("config.json id2label ids must run 0.." + (byId.size() - 1)
                        + ", got " + byId.keySet() + ".");
            }
        }
        return new ArrayList<>(byId.values());
    }

    private static Path requireFile(Path directory, String name) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ModelBundleException("The model export directory " + directory.toAbsolutePath() + " has no " + name + ".");
        }
        return file;
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelBundleException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new ModelBundleException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
