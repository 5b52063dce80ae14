package dev.virtus.scan.tag;

import java.util.Map;
import java.util.Optional;

import dev.virtus.scan.fetch.S3ObjectId;

/**
 * Our entries as read back from an object's tags or metadata: what the object says, until its MAC verifies.
 *
 * @param status null when the object carries none
 * @param content the content entry as written: binding, then the MAC
 */
public record EarlierMarking(String status, String model, String content, String score) {

    /** Reads our entries (keys {@code prefix + name}) out of tags or metadata. */
    public static EarlierMarking read(Map<String, String> entries, String prefix) {
        return new EarlierMarking(entries.get(prefix + Marking.STATUS), entries.get(prefix + Marking.MODEL),
                entries.get(prefix + Marking.CONTENT), entries.get(prefix + Marking.SCORE));
    }

    /**
     * The status, when this is the scanner's own final verdict of {@code model} about exactly {@code current} on
     * {@code id}: then a delivery of the same object has nothing left to do. {@code ERROR} is never final; a binding
     * by ETag alone proves nothing; a marking whose MAC does not verify is not ours, whoever wrote it.
     */
    public Optional<String> finalVerdictFor(String model, ContentBinding current, S3ObjectId id, MarkingSeal seal) {
        boolean finalStatus = status != null && !status.isBlank() && !status.equals(Marking.ERROR);
        if (finalStatus && current.provable() && Marking.sanitize(model).equals(this.model) && names(current)
                && seal.verifies(mac(), id, current.value(), status, this.model, score)) {
            return Optional.of(status);
        }
        return Optional.empty();
    }

    /** Whether the content entry names {@code judged}, MAC aside: how our own fresh tags are told apart on newer content. */
    boolean names(ContentBinding judged) {
        return Marking.sanitize(judged.value()).equals(binding());
    }

    /** The binding part of the content entry. */
    String binding() {
        if (content == null) {
            return null;
        }
        int mac = content.lastIndexOf(Marking.MAC);
        return mac < 0 ? content : content.substring(0, mac);
    }

    private String mac() {
        int mac = content == null ? -1 : content.lastIndexOf(Marking.MAC);
        return mac < 0 ? null : content.substring(mac + Marking.MAC.length());
    }

    /** Whether {@code marking} would write the same verdict this one records (time and content aside). */
    public boolean sameVerdictAs(Marking marking) {
        return marking.status().equals(status) && Marking.sanitize(marking.model()).equals(model)
                && Optional.ofNullable(marking.scoreText()).equals(Optional.ofNullable(score));
    }
}
