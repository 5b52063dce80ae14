package dev.virtus.scan.service.batch;

import java.time.Duration;

import dev.virtus.scan.service.config.ServiceConfig;

/** {@code virtus.batch.*} as a test sets them. */
record TestBatch(int maxSize, Duration maxDelay, int queueCapacity, int prepareThreads, int retryAfterSeconds)
        implements ServiceConfig.Batch {
}
