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
import java.util.Set;
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

    /** Reads the export directory, verifying the files it loads against the manifest's checksums. */
    public static ModelBundle read(Path directory, String modelFileName, Optional<String> configuredName) {
        return read(directory, modelFileName, configuredName, true);
    }

    /**
     * @param directory the export directory
     * @param modelFileName the ONNX file inside it
     * @param configuredName the name to report, overriding the manifest's model id
     * @param verifyChecksums hash the loaded files and compare with the manifest; without it the ONNX file's
     *        hash is taken from the manifest when it lists one, and computed otherwise
     */
    public static ModelBundle read(Path directory, String modelFileName, Optional<String> configuredName, boolean verifyChecksums) {
        if (!Files.isDirectory(directory)) {
            throw new ModelBundleException("The model export directory " + directory.toAbsolutePath() + " does not exist.");
        }
        Path modelFile = requireFile(directory, modelFileName);
        JsonNode config = readJson(requireFile(directory, CONFIG));
        ImageProcessorConfig preprocessing = PreprocessorConfigReader.read(readJson(requireFile(directory, PREPROCESSOR_CONFIG)));
        Optional<JsonNode> manifest = Files.isRegularFile(directory.resolve(MANIFEST))
                ? Optional.of(readJson(directory.resolve(MANIFEST)))
                : Optional.empty();

        String sha256;
        if (verifyChecksums) {
            sha256 = sha256(modelFile);
            manifest.ifPresent(m -> verifyChecksums(directory, m, modelFileName, sha256));
        } else {
            sha256 = manifest.map(m -> expectedSha256(m.path("files").path(modelFileName)))
                    .filter(hash -> hash.matches("[0-9a-fA-F]{64}"))
                    .orElseGet(() -> sha256(modelFile));
        }
        String name = configuredName
                .or(() -> manifest.map(m -> m.path("model_id").asText("")).filter(s -> !s.isBlank()))
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

    /**
     * Checks the files this bundle loads against the manifest. Other files it lists (an export ships model.onnx
     * and model.int8.onnx side by side) are not read: hashing an unused 343 MB model cost seconds of init.
     */
    private static void verifyChecksums(Path directory, JsonNode manifest, String modelFileName, String modelSha256) {
        JsonNode files = manifest.path("files");
        Set<String> used = Set.of(modelFileName, CONFIG, PREPROCESSOR_CONFIG);
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) files::fields) {
            String file = entry.getKey();
            if (!used.contains(file)) {
                continue;
            }
            String expected = expectedSha256(entry.getValue());
            Path path = directory.resolve(file);
            if (!Files.isRegularFile(path) || expected.isBlank()) {
                continue;
            }
            String actual = file.equals(modelFileName) ? modelSha256 : sha256(path);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new ModelBundleException("The checksum of " + path + " is " + actual + " but manifest.json says "
                        + expected + ": the file is damaged or was changed after export.");
            }
        }
    }

    /** A manifest entry: the hex digest itself, or an object with a {@code sha256} field. */
    static String expectedSha256(JsonNode entry) {
        return entry.isTextual() ? entry.asText() : entry.path("sha256").asText();
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
