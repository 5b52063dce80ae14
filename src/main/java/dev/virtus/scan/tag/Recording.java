package dev.virtus.scan.tag;

/**
 * What became of a marking written onto an object.
 *
 * @param detail what was left out, or why nothing was written; null when everything was written
 */
public record Recording(Outcome outcome, String detail) {

    public enum Outcome {
        /** The status is on the object (lesser entries may have been left out: see the detail). */
        RECORDED,
        /** Nothing was written although the object is still the one judged: S3's limits left no room. */
        NOT_RECORDED,
        /** Nothing of ours remains on the object: it was overwritten or deleted since it was read. */
        SUPERSEDED
    }

    static Recording recorded(String detail) {
        return new Recording(Outcome.RECORDED, detail);
    }

    static Recording notRecorded(String detail) {
        return new Recording(Outcome.NOT_RECORDED, detail);
    }

    static Recording superseded(String detail) {
        return new Recording(Outcome.SUPERSEDED, detail);
    }
}
