package dev.virtus.scan.classify;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the time of one classification went, in milliseconds. */
public record Timings(double decodeMs, double preprocessMs, double inferenceMs) {

    @JsonProperty("totalMs")
    public double totalMs() {
        return decodeMs + preprocessMs + inferenceMs;
    }
}
