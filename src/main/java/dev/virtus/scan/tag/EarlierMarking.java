package dev.virtus.scan.tag;

import java.util.Map;
import java.util.Optional;

/**
 * Our entries as read back from an object's tags or metadata.
 *
 * @param status null when the object carries none
 */
public record EarlierMarking(String status, String model, String content, String score) {

    /** Reads our entries (keys {@code prefix + name}) out of tags or metadata. */
    public static EarlierMarking read(Map<String, String> entries, String prefix) {
        return new EarlierMarking(entries.get(prefix + Marking.STATUS), entries.get(prefix + Marking.MODEL),
                entries.get(prefix + Marking.CONTENT), entries.get(prefix + Marking.SCORE));
    }

    /**
     * The status, when this is a final verdict of {@code model} about exactly {@code current}: then a
     * delivery of the same object has nothing left to do. {@code ERROR} is never final: it asks for a retry.
     */
    public Optional<String> finalVerdictFor(String model, ContentBinding current) {
        boolean finalStatus = status != null && !status.isBlank() && !status.equals(Marking.ERROR);
        if (finalStatus && Marking.sanitize(model).equals(this.model) && current.matches(content)) {
            return Optional.of(status);
        }
        return Optional.empty();
    }

    /** Whether {@code marking} would write the same verdict this one records (time and content aside). */
    public boolean sameVerdictAs(Marking marking, String prefix) {
        Map<String, String> entries = marking.entries(prefix);
        return marking.status().equals(status) && entries.get(prefix + Marking.MODEL).equals(model)
                && Optional.ofNullable(entries.get(prefix + Marking.SCORE)).equals(Optional.ofNullable(score));
    }
}
