package dev.virtus.scan.decode;

/**
 * An 8-bit RGB image, row-major, three interleaved bytes per pixel: what PIL holds after
 * {@code convert("RGB")}.
 */
public record RgbImage(int width, int height, byte[] pixels) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException(
                    "expected " + width + "x" + height + "x3 bytes, got " + pixels.length);
        }
    }
}
