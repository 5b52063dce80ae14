package dev.virtus.scan.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An export's {@code manifest.json}: what {@code model/export.py} recorded about each file. A file is checked
 * by its byte count and CRC-32, which costs no more than reading it; SHA-256 is the file's identity (it
 * names the model in verdict tags) and is computed only for older manifests that record no CRC-32.
 * Lambda's JVM flags stop at the C1 compiler, which has no SHA-256 intrinsic but does have CRC-32's:
 * 3.7 s against 0.14 s for a 343 MB model (docs/decisions/0001-crc32-model-check.md).
 */
final class ExportManifest {

    private static final String SHA256_HEX = "[0-9a-fA-F]{64}";

    private final JsonNode json;

    private ExportManifest(JsonNode json) {
        this.json = json;
    }

    static Optional<ExportManifest> read(Path directory) {
        Path file = directory.resolve(ModelBundleReader.MANIFEST);
        return Files.isRegularFile(file) ? Optional.of(new ExportManifest(ModelBundleReader.readJson(file))) : Optional.empty();
    }

    JsonNode json() {
        return json;
    }

    /** The SHA-256 the manifest records for {@code file}, when it records a well-formed one. */
    Optional<String> sha256(String file) {
        JsonNode entry = entry(file);
        String hash = entry.isTextual() ? entry.asText() : entry.path("sha256").asText();
        return hash.matches(SHA256_HEX) ? Optional.of(hash.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * Refuses {@code file} (relative to {@code directory}) unless its size and CRC-32 (SHA-256 where the
     * manifest has no CRC-32) are the ones recorded. Files the manifest does not list are not checked.
     */
    void verify(Path directory, String file) {
        JsonNode entry = entry(file);
        Path path = directory.resolve(file);
        if (entry.isMissingNode() || !Files.isRegularFile(path)) {
            return;
        }
        if (entry.has("bytes")) {
            long size = size(path);
            if (size != entry.get("bytes").asLong()) {
                throw damaged(path, "size", size + " bytes", entry.get("bytes").asText() + " bytes");
            }
        }
        String crc32 = entry.path("crc32").asText("");
        if (!crc32.isEmpty()) {
            String actual = crc32(path);
            if (!actual.equalsIgnoreCase(crc32)) {
                throw damaged(path, "CRC-32", actual, crc32);
            }
            return;
        }
        Optional<String> expected = sha256(file);
        if (expected.isPresent()) {
            String actual = ModelBundleReader.sha256(path);
            if (!actual.equalsIgnoreCase(expected.get())) {
                throw damaged(path, "checksum", actual, expected.get());
            }
        }
    }

    private JsonNode entry(String file) {
        return json.path("files").path(file);
    }

    private static ModelBundleException damaged(Path path, String what, String actual, String expected) {
        return new ModelBundleException("The " + what + " of " + path + " is " + actual + " but manifest.json says "
                + expected + ": the file is damaged or was changed after export.");
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new ModelBundleException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Eight lowercase hex digits, as Python's {@code f"{zlib.crc32(data):08x}"} writes them. */
    static String crc32(Path path) {
        try (CheckedInputStream in = new CheckedInputStream(Files.newInputStream(path), new CRC32())) {
            in.transferTo(OutputStream.nullOutputStream());
            return String.format("%08x", in.getChecksum().getValue());
        } catch (IOException e) {
            throw new ModelBundleException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
