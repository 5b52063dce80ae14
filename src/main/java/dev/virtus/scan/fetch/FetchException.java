package dev.virtus.scan.fetch;

/** An image could not be fetched, or the request for it is refused. The message names the rule or the object. */
public class FetchException extends RuntimeException {

    public enum Reason {
        /** The request names no image, several, or one in a malformed way. */
        INVALID_REQUEST,
        /** The URL breaks a rule of the server-side request guard. */
        REFUSED_URL,
        /** More bytes than {@code virtus.decode.max-bytes}. */
        TOO_LARGE,
        /** The object or URL does not exist. */
        NOT_FOUND,
        /** The object was overwritten between its HEAD and its GET. */
        CHANGED,
        /** The whole download took longer than its limit ({@code virtus.fetch.total-timeout}). */
        TIMED_OUT,
        /** The source failed or stopped answering. */
        UNAVAILABLE,
        /**
         * The object is stored so that the scanner cannot read it, as its uploader chose: see
         * {@link UnreadableObjectException}. Retrying does not help.
         */
        UNREADABLE
    }

    private final Reason reason;

    public FetchException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public FetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
