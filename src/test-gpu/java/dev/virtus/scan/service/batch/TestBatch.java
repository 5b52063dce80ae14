package dev.virtus.scan.service.batch;

import java.time.Duration;

import dev.virtus.scan.config.VirtusConfig;

/** {@code virtus.batch.*} as a test sets them. */
record TestBatch(int maxSize, Duration maxDelay, int queueCapacity, int prepareThreads, int retryAfterSeconds)
        implements VirtusConfig.Batch {
}
