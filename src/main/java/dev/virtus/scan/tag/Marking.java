package dev.virtus.scan.tag;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What we write onto a scanned object, as tags or user metadata: status, the content judged, model, score
 * of the positive label and time, under a configurable key prefix. Entries are in priority order: when
 * S3's limit of 10 tags leaves room for fewer, the first ones are written. The status comes first because
 * the bucket policy reads it; the content binding and model next because they make a later delivery a
 * no-op; score and time are for people.
 *
 * @param status {@code REAL}, {@code FAKE}, {@code UNSUPPORTED} or {@code ERROR}
 * @param score probability of the positive label; null when there is no verdict
 * @param faces faces found ({@code virtus.faces.mode} crop or require), the last entry to give way; null when off
 * @param provenance the provenance summary word ({@code ai-declared}, ..., {@code none}), after the model in
 *        priority; null when not read
 */
public record Marking(String status, Double score, String model, Instant scannedAt, ContentBinding content, Integer faces,
        String provenance) {

    /** A marking of a whole-image verdict (no face count). */
    public Marking(String status, Double score, String model, Instant scannedAt, ContentBinding content) {
        this(status, score, model, scannedAt, content, null, null);
    }

    /** A marking without provenance. */
    public Marking(String status, Double score, String model, Instant scannedAt, ContentBinding content, Integer faces) {
        this(status, score, model, scannedAt, content, faces, null);
    }

    /** The status of a scan that failed: never final, a later delivery scans again. */
    public static final String ERROR = "ERROR";

    public static final String STATUS = "status";
    public static final String CONTENT = "content";
    public static final String SCORE = "score";
    public static final String MODEL = "model";
    public static final String SCANNED_AT = "scanned-at";
    public static final String FACES = "faces";
    public static final String PROVENANCE = "provenance";

    /** Characters S3 does not accept in tag values (it accepts letters, digits, space and + - = . _ : / @). */
    private static final Pattern NOT_IN_TAG_CHARSET = Pattern.compile("[^\\p{L}\\p{N} +\\-=._:/@]");

    /** Entries keyed by {@code prefix + name}, most important first. */
    public Map<String, String> entries(String prefix) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(prefix + STATUS, status);
        entries.put(prefix + CONTENT, sanitize(content.value()));
        entries.put(prefix + MODEL, sanitize(model));
        if (provenance != null) {
            entries.put(prefix + PROVENANCE, provenance);
        }
        if (score != null) {
            entries.put(prefix + SCORE, String.format(Locale.ROOT, "%.4f", score));
        }
        entries.put(prefix + SCANNED_AT, scannedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        if (faces != null) {
            entries.put(prefix + FACES, faces.toString());
        }
        return entries;
    }

    /** A model name as it appears in tags, so that "already scanned by this model" compares like with like. */
    public static String sanitize(String value) {
        String clean = NOT_IN_TAG_CHARSET.matcher(value).replaceAll("_");
        return clean.length() <= 256 ? clean : clean.substring(0, 256);
    }
}
