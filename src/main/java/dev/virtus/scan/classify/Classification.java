package dev.virtus.scan.classify;

import dev.virtus.scan.verdict.Verdict;

/**
 * A verdict, the size of the image it is about, and the time it took.
 *
 * @param faces what face-aware scoring did; null when {@code virtus.faces.mode} is {@code off}
 */
public record Classification(Verdict verdict, int width, int height, Timings timings, FaceReport faces) {

    /** A classification of the whole image, faces not looked for. */
    public Classification(Verdict verdict, int width, int height, Timings timings) {
        this(verdict, width, height, timings, null);
    }
}
