package dev.virtus.scan.decode;

import java.time.Duration;

import dev.virtus.scan.config.VirtusConfig;

/**
 * Bounds that keep hostile images (decompression bombs, endless progressive scans, lying headers) from
 * exhausting time or memory. Each is checked from the headers before the work it bounds is done; the
 * timeout catches what headers cannot tell.
 */
public record DecodeLimits(long maxBytes, long maxPixels, int maxDimension, double maxAspectRatio, int maxJpegScans,
        Duration timeout, int maxFrames, long maxTotalPixels) {

    /** The defaults of {@code virtus.decode.*} for what this constructor does not name. */
    private static final int DEFAULT_MAX_DIMENSION = 16384;
    private static final double DEFAULT_MAX_ASPECT_RATIO = 100;
    private static final int DEFAULT_MAX_JPEG_SCANS = 100;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final int DEFAULT_MAX_FRAMES = 100;
    private static final long DEFAULT_MAX_TOTAL_PIXELS = 120_000_000;

    public DecodeLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || maxDimension <= 0 || maxAspectRatio < 1 || maxJpegScans <= 0
                || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("decode limits must be positive (aspect ratio at least 1): " + maxBytes
                    + " bytes, " + maxPixels + " pixels, " + maxDimension + " per side, aspect " + maxAspectRatio + ", "
                    + maxJpegScans + " JPEG scans, " + timeout);
        }
        if (maxFrames <= 0 || maxTotalPixels <= 0) {
            throw new IllegalArgumentException("animation limits must be positive: " + maxFrames + " frames, "
                    + maxTotalPixels + " pixels across frames");
        }
    }

    /** Every limit but the animation's, which are at their {@code virtus.decode.*} defaults. */
    public DecodeLimits(long maxBytes, long maxPixels, int maxDimension, double maxAspectRatio, int maxJpegScans,
            Duration timeout) {
        this(maxBytes, maxPixels, maxDimension, maxAspectRatio, maxJpegScans, timeout, DEFAULT_MAX_FRAMES,
                DEFAULT_MAX_TOTAL_PIXELS);
    }

    /** Bytes and pixels as given, every other limit at its {@code virtus.decode.*} default. */
    public DecodeLimits(long maxBytes, long maxPixels) {
        this(maxBytes, maxPixels, DEFAULT_MAX_DIMENSION, DEFAULT_MAX_ASPECT_RATIO, DEFAULT_MAX_JPEG_SCANS, DEFAULT_TIMEOUT);
    }

    public static DecodeLimits of(VirtusConfig.Decode settings) {
        return new DecodeLimits(settings.maxBytes(), settings.maxPixels(), settings.maxDimension(),
                settings.maxAspectRatio(), settings.maxJpegScans(), settings.timeout(), settings.maxFrames(),
                settings.maxTotalPixels());
    }

    /** Refuses an animation while its frames are being counted, at the first one over the limit. */
    void requireFrameCount(ImageFormat format, long framesSoFar) {
        if (framesSoFar > maxFrames) {
            throw new ImageDecodeException(ImageDecodeException.Reason.OVER_LIMIT, "the " + format + " image has more than "
                    + maxFrames + " frames (virtus.decode.max-frames)");
        }
    }

    /**
     * Refuses an animation from its headers, before any frame is decoded: each frame is composited and judged at the
     * canvas's size, so frames times canvas bounds the work. Never judged on a subset of its frames.
     */
    void requireFrames(ImageFormat format, long frames, long canvasWidth, long canvasHeight) {
        requireFrameCount(format, frames);
        long total = frames * canvasWidth * canvasHeight;
        if (total > maxTotalPixels) {
            throw new ImageDecodeException(ImageDecodeException.Reason.TOO_MANY_PIXELS, "the " + format + " image's "
                    + frames + " frames of " + canvasWidth + "x" + canvasHeight + " are " + total
                    + " pixels; the limit is " + maxTotalPixels + " (virtus.decode.max-total-pixels)");
        }
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
