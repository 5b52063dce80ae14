package dev.virtus.scan.service.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import dev.virtus.scan.classify.Classification;
import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.classify.NoFaceException;
import dev.virtus.scan.classify.PreparedClassification;
import dev.virtus.scan.decode.ImageDecodeException;
import dev.virtus.scan.service.config.ServiceConfig;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Dynamic batching in the manner of Triton's: images from every caller are decoded and prepared on a small pool
 * ({@link ImageClassifier#prepare}: with {@code virtus.faces.mode} crop or require, faces detected and cropped there),
 * then one inference thread gathers the prepared inputs into a single ONNX Runtime call of up to
 * {@code virtus.batch.max-size} inputs, waiting at most {@code virtus.batch.max-delay} after the oldest image is
 * ready. Each face crop is one input, so the crops of several requests share a call with other requests' whole
 * images; an image whose inputs do not fit in the batch being gathered opens the next one (one whose faces alone
 * exceed the size runs alone, in calls of at most the size). Each image's verdict is folded from its own inputs'
 * verdicts ({@link PreparedClassification#fold}). {@code require} mode answers an image without a face
 * {@code NO_FACE} at preparation, with no inference spent. So the next batch is prepared while the current one runs.
 * At most {@code virtus.batch.queue-capacity} images are accepted and not yet answered.
 * <p>
 * A batch that fails, {@link Error}s such as {@link OutOfMemoryError} included, fails its own images only: the
 * inference thread answers them with the error and goes on with the next batch. Should the thread end anyway,
 * {@link #died()} says why (liveness turns DOWN) and nothing more is accepted.
 */
public final class DynamicBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class);

    /** The metrics' source of requests refused before they were read (HTTP admission). */
    static final String ADMISSION = "http";

    private record Pending(PreparedClassification image, CompletableFuture<ClassificationResult> answer, String source,
            long acceptedNanos, long readyNanos) {

        int inputs() {
            return image.inputs().size();
        }
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
    private volatile Throwable died;

    /**
     * Room for one image, taken before its bytes are read (the HTTP admission filter): {@link #submit(Reservation,
     * byte[], String)} uses it, {@link #close()} gives it back if it was not used. Either, once.
     */
    public final class Reservation implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Reservation() {
        }

        private boolean use() {
            return open.compareAndSet(true, false);
        }

        /** Gives the room back unless an image was submitted with it. */
        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                room.release();
            }
        }
    }

    public DynamicBatcher(ImageClassifier classifier, ServiceConfig.Batch config, MeterRegistry registry) {
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
        inference.setUncaughtExceptionHandler((thread, e) -> {
            died = e;
            LOG.error("The inference thread died: no more images are classified", e);
        });
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

    /**
     * Takes room for one image if there is any, without waiting: what the HTTP layer asks before it reads a
     * request's body, so that a full batcher costs a refused request next to nothing.
     */
    public Optional<Reservation> tryReserve() {
        if (!accepting || died() != null || !room.tryAcquire()) {
            metrics.request(ADMISSION, "rejected", -1);
            return Optional.empty();
        }
        return Optional.of(new Reservation());
    }

    /** Accepts an image into the room reserved for it. */
    public CompletableFuture<ClassificationResult> submit(Reservation reservation, byte[] encoded, String source) {
        if (!reservation.use()) {
            throw new IllegalStateException("the reservation was used or given back already");
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
        Throwable dead = died();
        if (!accepting || dead != null) {
            room.release();
            throw new RejectedExecutionException(dead != null ? "the inference thread died: " + dead : "the batcher is shutting down");
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
        } catch (NoFaceException e) {
            finish(source, accepted, "no-face");
            answer.complete(ClassificationResult.noFace(e, classifier.modelName()));
        } catch (RuntimeException | Error e) {
            finish(source, accepted, "failed");
            answer.completeExceptionally(e);
        }
    }

    private void runBatches() {
        List<Pending> batch = new ArrayList<>(maxSize);
        // an image whose inputs did not fit in the last batch: it opens the next one
        Pending carried = null;
        try {
            while (!(prepared && ready.isEmpty() && carried == null)) {
                Pending first = carried != null ? carried : ready.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int inputs = first.inputs();
                long deadline = first.readyNanos() + maxDelayNanos;
                while (inputs < maxSize) {
                    long wait = deadline - System.nanoTime();
                    Pending next = wait > 0 ? ready.poll(wait, TimeUnit.NANOSECONDS) : ready.poll();
                    if (next == null) {
                        break;
                    }
                    if (inputs + next.inputs() > maxSize) {
                        carried = next;
                        break;
                    }
                    batch.add(next);
                    inputs += next.inputs();
                }
                try {
                    run(batch);
                } catch (RuntimeException | Error e) {
                    fail(batch, e);
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (carried != null) {
                batch.add(carried);
            }
            batch.addAll(ready);
            batch.forEach(p -> p.answer().completeExceptionally(new RejectedExecutionException("the batcher was stopped")));
        }
    }

    private void run(List<Pending> batch) {
        long start = System.nanoTime();
        List<Classification> classifications;
        try {
            classifications = classifier.classifyTogether(batch.stream().map(Pending::image).toList());
        } catch (RuntimeException | Error e) {
            fail(batch, e);
            return;
        }
        metrics.batch(batch.stream().mapToInt(Pending::inputs).sum(), System.nanoTime() - start);
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            ClassificationResult result = ClassificationResult.of(classifications.get(i));
            // the room first, as prepare() does: whoever sees the answer sees the room given back
            if (!pending.answer().isDone()) {
                finish(pending.source(), pending.acceptedNanos(), "classified");
                pending.answer().complete(result);
            }
        }
    }

    /** Answers a failed batch's images with its error; the thread goes on with the next batch. */
    private void fail(List<Pending> batch, Throwable e) {
        LOG.errorf(e, "A batch of %d images failed; its images get the error, the next batch runs", batch.size());
        for (Pending pending : batch) {
            if (!pending.answer().isDone()) {
                finish(pending.source(), pending.acceptedNanos(), "failed");
                pending.answer().completeExceptionally(e);
            }
        }
    }

    private void finish(String source, long accepted, String outcome) {
        room.release();
        metrics.request(source, outcome, System.nanoTime() - accepted);
    }

    /** Why the inference thread ended on its own, if it did; null while it runs (or was closed). */
    public Throwable died() {
        if (died == null && accepting && !inference.isAlive()) {
            return new IllegalStateException("the inference thread is not running");
        }
        return died;
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
