package dev.virtus.scan.decode;

/** An image we refuse or cannot read. The {@link Reason} is for programs, the message for people. */
public class ImageDecodeException extends RuntimeException {

    public enum Reason {
        /** Zero bytes. */
        EMPTY,
        /** Not one of the formats in {@link ImageFormat}. */
        UNSUPPORTED_FORMAT,
        /** More encoded bytes than {@code virtus.decode.max-bytes}. */
        TOO_MANY_BYTES,
        /**
         * Declares more pixels than {@code virtus.decode.max-pixels}, a side longer than {@code max-dimension} or an
         * aspect ratio beyond {@code max-aspect-ratio}; refused before decoding.
         */
        TOO_MANY_PIXELS,
        /**
         * Would cost more than another decode limit allows: progressive JPEG scans, decoding time, or the memory or
         * stack the decoder ran out of.
         */
        OVER_LIMIT,
        /** Recognised but damaged or truncated. */
        CORRUPT
    }

    private final Reason reason;

    public ImageDecodeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageDecodeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
