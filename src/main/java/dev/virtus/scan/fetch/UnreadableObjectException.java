package dev.virtus.scan.fetch;

import java.util.Arrays;
import java.util.Optional;

/**
 * An S3 object stored so that the scanner cannot read it, by its uploader's choice: a final answer, never
 * a failure to retry. The message starts with the kind ({@code ARCHIVED: ...}).
 */
public class UnreadableObjectException extends FetchException {

    public enum Kind {
        /** Encrypted with a customer-provided key (SSE-C), which only the uploader has. */
        SSE_C,
        /** In an archive storage class (GLACIER, DEEP_ARCHIVE) or Intelligent-Tiering archive tier, not restored. */
        ARCHIVED,
        /** Encrypted under a KMS key the scanner may not use (denied, disabled, pending deletion, missing). */
        KMS_KEY
    }

    private final Kind kind;

    public UnreadableObjectException(Kind kind, String message, Throwable cause) {
        super(Reason.UNREADABLE, kind + ": " + message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The kind a result's reason names when it is this exception's message: a verdict about the storage, not the image. */
    public static Optional<Kind> kindOf(String reason) {
        return reason == null ? Optional.empty() : Arrays.stream(Kind.values()).filter(kind -> reason.startsWith(kind + ": ")).findFirst();
    }
}
