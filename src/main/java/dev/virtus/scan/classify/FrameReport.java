package dev.virtus.scan.classify;

/**
 * How an animated image (GIF, APNG, WebP) was judged: every frame as a viewer shows it, the most fake one decides.
 *
 * @param count frames in the file (an APNG's default image included)
 * @param judged frames classified: a frame identical to the one before it is judged once, and under
 *        {@code virtus.faces.mode=require} a frame without a face is not judged
 * @param decidedBy 0-based index of the frame whose verdict is the image's: the highest positive-label score
 */
public record FrameReport(int count, int judged, int decidedBy) {
}
