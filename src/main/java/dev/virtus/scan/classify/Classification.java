package dev.virtus.scan.classify;

import dev.virtus.scan.verdict.Verdict;

/**
 * A verdict, the size of the image it is about, and the time it took.
 *
 * @param faces what face-aware scoring did (in the deciding frame); null when {@code virtus.faces.mode} is {@code off}
 * @param frames how an animated image's frames were judged; null for a still image
 */
public record Classification(Verdict verdict, int width, int height, Timings timings, FaceReport faces,
        FrameReport frames) {

    /** A classification of the whole image, faces not looked for. */
    public Classification(Verdict verdict, int width, int height, Timings timings) {
        this(verdict, width, height, timings, null, null);
    }

    /** A classification of a still image. */
    public Classification(Verdict verdict, int width, int height, Timings timings, FaceReport faces) {
        this(verdict, width, height, timings, faces, null);
    }
}
