package dev.virtus.scan.scan;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@code scan} did with one object, returned per record and logged as one JSON line.
 *
 * @param status {@code REAL}/{@code FAKE}, {@code UNSUPPORTED}, {@code ERROR}, or {@code SKIPPED} when a
 *        rule, a deletion or an earlier scan by the same model meant nothing was written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanResult(
        String bucket,
        String key,
        String versionId,
        String status,
        Double score,
        String label,
        String model,
        String reason,
        long milliseconds) {

    public static final String SKIPPED = "SKIPPED";
    public static final String ERROR = "ERROR";
}
