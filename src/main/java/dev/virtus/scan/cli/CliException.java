package dev.virtus.scan.cli;

/** Something the user asked for cannot be done as asked; the message says what to change. */
final class CliException extends RuntimeException {

    CliException(String message) {
        super(message);
    }
}
