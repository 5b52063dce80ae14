package dev.virtus.scan.classify;

/** Where the time of one classification went, in milliseconds. */
public record Timings(double decodeMs, double preprocessMs, double inferenceMs) {

    public double totalMs() {
        return decodeMs + preprocessMs + inferenceMs;
    }
}
