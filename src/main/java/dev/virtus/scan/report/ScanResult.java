package dev.virtus.scan.report;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.virtus.scan.tag.Marking;

/**
 * What {@code scan} did with one object, returned per record and logged as one JSON line.
 *
 * @param eTag the ETag of the content judged, once known
 * @param status {@code REAL}/{@code FAKE}, {@code UNSUPPORTED}, {@code ERROR}, {@code UNVERSIONED} (a verdict that
 *        {@code allow_real} would serve, on an object no version id pins down), or {@code SKIPPED} when a
 *        rule, a deletion, an overwrite or an earlier scan of the same content by the same model meant
 *        nothing was written
 * @param recorded for a verdict: whether its status is now on the object; false says the verdict exists
 *        only in this result and its log line (the reason says why)
 * @param provenance the provenance summary word of the content judged; null when it was not read
 * @param decidedBy {@code provenance} when {@code virtus.provenance.policy} made the status without the model
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanResult(
        String bucket,
        String key,
        String versionId,
        String eTag,
        String status,
        Double score,
        String label,
        String model,
        Boolean recorded,
        String reason,
        long milliseconds,
        String provenance,
        String decidedBy) {

    /** A result without provenance. */
    public ScanResult(String bucket, String key, String versionId, String eTag, String status, Double score, String label,
            String model, Boolean recorded, String reason, long milliseconds) {
        this(bucket, key, versionId, eTag, status, score, label, model, recorded, reason, milliseconds, null, null);
    }

    public static final String SKIPPED = "SKIPPED";
    /** The status written onto an object whose scan failed: the same word as its marking. */
    public static final String ERROR = Marking.ERROR;

    /** Whether this result needs a person's attention: a failure, or a verdict that is not on the object. */
    public boolean alarming() {
        return status.equals(ERROR) || Boolean.FALSE.equals(recorded);
    }
}
