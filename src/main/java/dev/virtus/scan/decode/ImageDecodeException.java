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
        /** Declares more pixels than {@code virtus.decode.max-pixels}; refused before decoding. */
        TOO_MANY_PIXELS,
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
