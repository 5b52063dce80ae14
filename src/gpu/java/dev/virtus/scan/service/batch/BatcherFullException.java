package dev.virtus.scan.service.batch;

/** The batcher holds {@code virtus.batch.queue-capacity} images already; HTTP answers 503 with Retry-After. */
public class BatcherFullException extends RuntimeException {

    public BatcherFullException(int capacity) {
        super("the classification queue is full (" + capacity + " images waiting, virtus.batch.queue-capacity)");
    }
}
