package dev.virtus.scan.service.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import dev.virtus.scan.classify.Classification;
import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.classify.PreparedImage;
import dev.virtus.scan.classify.Timings;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.decode.ImageDecodeException;
import dev.virtus.scan.verdict.Verdict;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Dynamic batching in the manner of Triton's: images from every caller are decoded and preprocessed on a
 * small pool, then one inference thread gathers the prepared ones into a single ONNX Runtime call of up to
 * {@code virtus.batch.max-size} images, waiting at most {@code virtus.batch.max-delay} after the oldest is
 * ready. So the next batch is prepared while the current one runs. At most
 * {@code virtus.batch.queue-capacity} images are accepted and not yet answered.
 */
public final class DynamicBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class);

    private record Pending(PreparedImage image, CompletableFuture<ClassificationResult> answer, String source,
            long acceptedNanos, long readyNanos) {
    }

    private final ImageClassifier classifier;
    private final int maxSize;
    private final long maxDelayNanos;
    private final int capacity;
    private final Semaphore room;
    private final ExecutorService preparers;
    private final BlockingQueue<Pending> ready = new LinkedBlockingQueue<>();
    private final Thread inference;
    private final BatchMetrics metrics;
    private volatile boolean accepting = true;
    private volatile boolean prepared;

    public DynamicBatcher(ImageClassifier classifier, VirtusConfig.Batch config, MeterRegistry registry) {
        if (config.maxSize() < 1 || config.queueCapacity() < 1 || config.prepareThreads() < 1) {
            throw new IllegalArgumentException("virtus.batch.max-size, queue-capacity and prepare-threads must be at least 1");
        }
        this.classifier = classifier;
        this.maxSize = config.maxSize();
        this.maxDelayNanos = config.maxDelay().toNanos();
        this.capacity = config.queueCapacity();
        this.room = new Semaphore(capacity);
        this.metrics = new BatchMetrics(registry, maxSize, () -> capacity - room.availablePermits());
        AtomicInteger threads = new AtomicInteger();
        this.preparers = Executors.newFixedThreadPool(config.prepareThreads(), task -> {
            Thread thread = new Thread(task, "virtus-prepare-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.inference = new Thread(this::runBatches, "virtus-inference");
        inference.setDaemon(true);
        inference.start();
    }

    /**
     * Accepts an image if there is room, for callers that should rather be told to come back (HTTP).
     *
     * @throws BatcherFullException when {@code virtus.batch.queue-capacity} images are waiting
     */
    public CompletableFuture<ClassificationResult> trySubmit(byte[] encoded, String source) {
        if (!room.tryAcquire()) {
            metrics.request(source, "rejected", -1);
            throw new BatcherFullException(capacity);
        }
        return accept(encoded, source);
    }

    /** Accepts an image, waiting for room: the queue worker's backpressure. */
    public CompletableFuture<ClassificationResult> submit(byte[] encoded, String source) throws InterruptedException {
        room.acquire();
        return accept(encoded, source);
    }

    private CompletableFuture<ClassificationResult> accept(byte[] encoded, String source) {
        long accepted = System.nanoTime();
        CompletableFuture<ClassificationResult> answer = new CompletableFuture<>();
        if (!accepting) {
            room.release();
            throw new RejectedExecutionException("the batcher is shutting down");
        }
        try {
            preparers.execute(() -> prepare(encoded, source, accepted, answer));
        } catch (RejectedExecutionException e) {
            room.release();
            throw e;
        }
        return answer;
    }

    private void prepare(byte[] encoded, String source, long accepted, CompletableFuture<ClassificationResult> answer) {
        try {
            ready.add(new Pending(classifier.prepare(encoded), answer, source, accepted, System.nanoTime()));
        } catch (ImageDecodeException e) {
            finish(source, accepted, "unsupported");
            answer.complete(ClassificationResult.unsupported(e.reason() + ": " + e.getMessage(), classifier.modelName()));
        } catch (RuntimeException | Error e) {
            finish(source, accepted, "failed");
            answer.completeExceptionally(e);
        }
    }

    private void runBatches() {
        List<Pending> batch = new ArrayList<>(maxSize);
        try {
            while (!(prepared && ready.isEmpty())) {
                Pending first = ready.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = first.readyNanos() + maxDelayNanos;
                while (batch.size() < maxSize) {
                    long wait = deadline - System.nanoTime();
                    Pending next = wait > 0 ? ready.poll(wait, TimeUnit.NANOSECONDS) : ready.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                run(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.addAll(ready);
            batch.forEach(p -> p.answer().completeExceptionally(new RejectedExecutionException("the batcher was stopped")));
        }
    }

    private void run(List<Pending> batch) {
        long start = System.nanoTime();
        List<Verdict> verdicts;
        try {
            verdicts = classifier.classifyPrepared(batch.stream().map(Pending::image).toList());
        } catch (RuntimeException e) {
            LOG.errorf(e, "ONNX Runtime failed on a batch of %d images", batch.size());
            for (Pending pending : batch) {
                finish(pending.source(), pending.acceptedNanos(), "failed");
                pending.answer().completeExceptionally(e);
            }
            return;
        }
        long nanos = System.nanoTime() - start;
        metrics.batch(batch.size(), nanos);
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            PreparedImage image = pending.image();
            Timings timings = new Timings(image.decodeMs(), image.preprocessMs(), nanos / 1_000_000.0);
            finish(pending.source(), pending.acceptedNanos(), "classified");
            pending.answer().complete(ClassificationResult.of(new Classification(verdicts.get(i), image.width(), image.height(), timings)));
        }
    }

    private void finish(String source, long accepted, String outcome) {
        room.release();
        metrics.request(source, outcome, System.nanoTime() - accepted);
    }

    /** Images accepted and not yet answered. */
    public int pending() {
        return capacity - room.availablePermits();
    }

    /** Stops accepting, answers every image already accepted, then stops the threads. */
    @Override
    public void close() {
        accepting = false;
        preparers.shutdown();
        try {
            preparers.awaitTermination(1, TimeUnit.MINUTES);
            prepared = true;
            inference.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inference.interrupt();
        }
    }
}
