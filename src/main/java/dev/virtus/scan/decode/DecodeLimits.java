package dev.virtus.scan.decode;

import java.time.Duration;

import dev.virtus.scan.config.VirtusConfig;

/**
 * Bounds that keep hostile images (decompression bombs, endless progressive scans, lying headers) from
 * exhausting time or memory. Each is checked from the headers before the work it bounds is done; the
 * timeout catches what headers cannot tell.
 */
public record DecodeLimits(long maxBytes, long maxPixels, int maxDimension, double maxAspectRatio, int maxJpegScans,
        Duration timeout) {

    /** The defaults of {@code virtus.decode.*} for what this constructor does not name. */
    private static final int DEFAULT_MAX_DIMENSION = 16384;
    private static final double DEFAULT_MAX_ASPECT_RATIO = 100;
    private static final int DEFAULT_MAX_JPEG_SCANS = 100;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public DecodeLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || maxDimension <= 0 || maxAspectRatio < 1 || maxJpegScans <= 0
                || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("decode limits must be positive (aspect ratio at least 1): " + maxBytes
                    + " bytes, " + maxPixels + " pixels, " + maxDimension + " per side, aspect " + maxAspectRatio + ", "
                    + maxJpegScans + " JPEG scans, " + timeout);
        }
    }

    /** Bytes and pixels as given, every other limit at its {@code virtus.decode.*} default. */
    public DecodeLimits(long maxBytes, long maxPixels) {
        this(maxBytes, maxPixels, DEFAULT_MAX_DIMENSION, DEFAULT_MAX_ASPECT_RATIO, DEFAULT_MAX_JPEG_SCANS, DEFAULT_TIMEOUT);
    }

    public static DecodeLimits of(VirtusConfig.Decode settings) {
        return new DecodeLimits(settings.maxBytes(), settings.maxPixels(), settings.maxDimension(),
                settings.maxAspectRatio(), settings.maxJpegScans(), settings.timeout());
    }

    /**
     * Refuses a declared size before any pixel buffer exists: pixels bound the decoded image, each side bounds
     * the resize coefficient tables, the aspect ratio bounds the resized image before a center crop.
     */
    void requireWithin(ImageFormat format, String what, long width, long height) {
        String size = "the " + format + " " + what + " declares " + width + "x" + height;
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(ImageDecodeException.Reason.CORRUPT, size + ", an invalid size");
        }
        if (width > maxDimension || height > maxDimension) {
            throw new ImageDecodeException(ImageDecodeException.Reason.TOO_MANY_PIXELS,
                    size + "; the limit is " + maxDimension + " pixels per side (virtus.decode.max-dimension)");
        }
        if (width * height > maxPixels) {
            throw new ImageDecodeException(ImageDecodeException.Reason.TOO_MANY_PIXELS, size + " = " + width * height
                    + " pixels; the limit is " + maxPixels + " (virtus.decode.max-pixels)");
        }
        if ((double) Math.max(width, height) / Math.min(width, height) > maxAspectRatio) {
            throw new ImageDecodeException(ImageDecodeException.Reason.TOO_MANY_PIXELS, size + "; the longer side may be at most "
                    + maxAspectRatio + " times the shorter (virtus.decode.max-aspect-ratio)");
        }
    }
}
