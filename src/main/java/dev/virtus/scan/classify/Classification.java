package dev.virtus.scan.classify;

import dev.virtus.scan.verdict.Verdict;

/** A verdict, the size of the image it is about, and the time it took. */
public record Classification(Verdict verdict, int width, int height, Timings timings) {
}
