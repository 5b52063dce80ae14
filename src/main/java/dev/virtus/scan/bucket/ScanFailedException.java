package dev.virtus.scan.bucket;

/** Some objects of an event could not be scanned; failing the invocation makes Lambda retry it. */
public class ScanFailedException extends RuntimeException {

    public ScanFailedException(String message) {
        super(message);
    }
}
