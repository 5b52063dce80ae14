package dev.virtus.scan.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** S3 event notifications built from the fixture files under {@code events/s3/}. */
public final class S3Events {

    private static final Path EVENTS = Path.of("src/test/resources/events/s3");

    private S3Events() {
    }

    public static String read(String file) {
        try {
            return Files.readString(EVENTS.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One ObjectCreated record, its key encoded as S3 encodes it (form encoding, slashes kept). */
    public static String objectCreated(String eventName, String bucket, String key, String versionId, long size, String eTag) {
        return read("object-created.json")
                .replace("${eventName}", eventName)
                .replace("${bucket}", bucket)
                .replace("${encodedKey}", encodeKey(key))
                .replace("${versionId}", versionId == null ? "" : versionId)
                .replace("${size}", Long.toString(size))
                .replace("${eTag}", eTag.replace("\"", ""));
    }

    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
