package dev.virtus.scan.tag;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What we write onto a scanned object, as tags or user metadata: status, the content judged with the
 * marking's MAC, model, score of the positive label and time, under a configurable key prefix. Entries are in
 * priority order: when S3's limit of 10 tags leaves room for fewer, the first ones are written. The status
 * comes first because the bucket policy reads it; the content binding (and the MAC, in the same value, so it
 * costs no tag of the user's) and model next because they make a later delivery a no-op; score and time are
 * for people, though a marking whose score was left out no longer verifies and is scanned again.
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

    /** Our status for a verdict that {@code allow_real} would serve but whose bytes no version id pins down. */
    public static final String UNVERSIONED = "UNVERSIONED";

    /** Separates the content binding from the MAC in the content entry. */
    static final String MAC = " mac=";

    /** Characters S3 does not accept in tag values (it accepts letters, digits, space and + - = . _ : / @). */
    private static final Pattern NOT_IN_TAG_CHARSET = Pattern.compile("[^\\p{L}\\p{N} +\\-=._:/@]");

    /** Entries keyed by {@code prefix + name}, most important first; {@code mac} goes with the content binding. */
    public Map<String, String> entries(String prefix, String mac) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(prefix + STATUS, status);
        entries.put(prefix + CONTENT, sanitize(content.value()) + MAC + mac);
        entries.put(prefix + MODEL, sanitize(model));
        if (provenance != null) {
            entries.put(prefix + PROVENANCE, provenance);
        }
        if (score != null) {
            entries.put(prefix + SCORE, scoreText());
        }
        entries.put(prefix + SCANNED_AT, scannedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        if (faces != null) {
            entries.put(prefix + FACES, faces.toString());
        }
        return entries;
    }

    /** The score as its entry spells it; null when there is none. */
    public String scoreText() {
        return score == null ? null : String.format(Locale.ROOT, "%.4f", score);
    }

    /** The same verdict about other content (the scanner's own copy of the bytes judged). */
    public Marking boundTo(ContentBinding other) {
        return new Marking(status, score, model, scannedAt, other, faces);
    }

    /** The same judgement recorded under another status. */
    public Marking withStatus(String other) {
        return new Marking(other, score, model, scannedAt, content, faces);
    }

    /** A model name as it appears in tags, so that "already scanned by this model" compares like with like. */
    public static String sanitize(String value) {
        String clean = NOT_IN_TAG_CHARSET.matcher(value).replaceAll("_");
        return clean.length() <= 256 ? clean : clean.substring(0, 256);
    }
}
