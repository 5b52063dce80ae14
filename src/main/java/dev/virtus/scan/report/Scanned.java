package dev.virtus.scan.report;

import java.time.Instant;

import dev.virtus.scan.classify.ClassificationResult;

/**
 * One object's scan as reported: the summary, and where the scan got that far, the verdict with its
 * probabilities and timings.
 *
 * @param verdict null when no classification ran (skipped, or failed before)
 * @param fetchMs time to read the object; 0 when it was not read
 * @param bytes the object's size, or -1 when unknown
 */
public record Scanned(ScanResult result, ClassificationResult verdict, Instant scannedAt, double fetchMs, long bytes) {
}
