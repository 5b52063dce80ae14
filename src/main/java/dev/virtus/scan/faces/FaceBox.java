package dev.virtus.scan.faces;

/**
 * A detected face: its box (left, top, right, bottom; in image pixels, or relative to the detector's input
 * while decoding) and how sure the detector is.
 */
public record FaceBox(double left, double top, double right, double bottom, double detectionScore) {

    public double width() {
        return right - left;
    }

    public double height() {
        return bottom - top;
    }

    public double longerSide() {
        return Math.max(width(), height());
    }

    /** Intersection over union; 0 when the boxes do not overlap. */
    public double iou(FaceBox other) {
        double innerWidth = Math.min(right, other.right) - Math.max(left, other.left);
        double innerHeight = Math.min(bottom, other.bottom) - Math.max(top, other.top);
        if (innerWidth <= 0 || innerHeight <= 0) {
            return 0;
        }
        double inner = innerWidth * innerHeight;
        double union = width() * height() + other.width() * other.height() - inner;
        return union > 0 ? inner / union : 0;
    }
}
