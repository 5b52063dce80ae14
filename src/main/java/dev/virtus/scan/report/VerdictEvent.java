package dev.virtus.scan.report;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.virtus.scan.provenance.Provenance;

/**
 * The detail of a {@code Virtus Scan Result} event (source {@code virtus.scan}): one object's final
 * status, whatever triggered the scan.
 *
 * @param reason why an object is {@code UNSUPPORTED} or {@code ERROR}, or why a verdict is not recorded
 * @param provenance what the image says about its own origin (C2PA, IPTC), in full
 * @param decidedBy {@code provenance} when {@code virtus.provenance.policy} made the status without the model
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerdictEvent(
        String bucket,
        String key,
        String versionId,
        String eTag,
        String status,
        String label,
        Double score,
        Map<String, Double> probabilities,
        String model,
        Boolean recorded,
        String reason,
        String scannedAt,
        Trigger trigger,
        Provenance provenance,
        String decidedBy) {

    public static final String SOURCE = "virtus.scan";
    public static final String DETAIL_TYPE = "Virtus Scan Result";

    static VerdictEvent of(Scanned scanned, Trigger trigger) {
        var result = scanned.result();
        var verdict = scanned.verdict();
        return new VerdictEvent(result.bucket(), result.key(), result.versionId(), result.eTag(), result.status(), result.label(),
                result.score(), verdict == null ? null : verdict.probabilities(), result.model(), result.recorded(), result.reason(),
                scanned.scannedAt().toString(), trigger, verdict == null ? null : verdict.provenance(), result.decidedBy());
    }
}
