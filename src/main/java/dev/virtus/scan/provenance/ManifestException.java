package dev.virtus.scan.provenance;

/** A C2PA manifest store that cannot be read: malformed or over a bound. Reported as {@code invalid}, never thrown out of the reader. */
final class ManifestException extends Exception {

    ManifestException(String message) {
        super(message);
    }

    ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
