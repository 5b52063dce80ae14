package dev.virtus.scan.function;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.virtus.scan.fetch.FetchException;
import dev.virtus.scan.fetch.FetchException.Reason;
import dev.virtus.scan.fetch.ImageSource;

/**
 * Input of {@code classify}: exactly one of {@code url}, {@code s3Uri}, {@code bucket} + {@code key}
 * (+ optional {@code versionId}) and {@code imageBase64}, all strings. Read from the raw JSON object so
 * that a misspelt or mistyped field is named in the error rather than lost.
 */
public record ClassifyRequest(String url, String s3Uri, String bucket, String key, String versionId, String imageBase64) {

    private static final List<String> FIELDS = List.of("url", "s3Uri", "bucket", "key", "versionId", "imageBase64");

    public static ClassifyRequest from(Map<String, Object> json) {
        if (json == null) {
            throw new FetchException(Reason.INVALID_REQUEST, "empty request: send a JSON object with one of " + FIELDS);
        }
        var unknown = new TreeSet<>(json.keySet());
        FIELDS.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new FetchException(Reason.INVALID_REQUEST, "unknown field(s) " + unknown + "; expected " + FIELDS);
        }
        return new ClassifyRequest(text(json, "url"), text(json, "s3Uri"), text(json, "bucket"), text(json, "key"),
                text(json, "versionId"), text(json, "imageBase64"));
    }

    public ImageSource source() {
        return ImageSource.of(url, s3Uri, bucket, key, versionId, imageBase64);
    }

    private static String text(Map<String, Object> json, String field) {
        Object value = json.get(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new FetchException(Reason.INVALID_REQUEST,
                "field '" + field + "' must be a string, got " + value.getClass().getSimpleName().replace("LinkedHashMap", "object").replace("ArrayList", "array"));
    }
}
