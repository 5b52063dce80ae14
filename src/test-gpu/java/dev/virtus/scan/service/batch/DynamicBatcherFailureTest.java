package dev.virtus.scan.service.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.classify.PreparedImage;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;
import dev.virtus.scan.service.config.ServiceConfig;
import dev.virtus.scan.service.model.ServingModel;
import dev.virtus.scan.verdict.Verdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * One failing batch fails its own images only: an {@link OutOfMemoryError} in ONNX Runtime's call is answered
 * to the images of that batch, and the inference thread serves the next ones. If the thread ends anyway,
 * {@link DynamicBatcher#died()} says so (liveness) and nothing more is accepted. Closing a model drains the
 * batcher before the session closes.
 */
class DynamicBatcherFailureTest {

    private static final String MODEL = "deit-tiny-standin";
    private static final String IMAGE = "png-rgb.png";

    private static ModelBundle bundle;
    private static OnnxSession session;

    private record Batch(int maxSize, Duration maxDelay, int queueCapacity, int prepareThreads, int retryAfterSeconds)
            implements ServiceConfig.Batch {
    }

    /** Fails its first {@code failures} ONNX Runtime calls with an OutOfMemoryError, as a GPU out of memory may. */
    private static final class FailingClassifier extends ImageClassifier {
        private final AtomicInteger failures;

        FailingClassifier(OnnxSession session, int failures) {
            super(bundle, session, new DecodeLimits(20_000_000, 40_000_000), "Fake", 0.5, 16);
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public List<Verdict> classifyPrepared(List<PreparedImage> images) {
            if (failures.getAndDecrement() > 0) {
                throw new OutOfMemoryError("test: the batch does not fit");
            }
            return super.classifyPrepared(images);
        }
    }

    @BeforeAll
    static void load() {
        bundle = ModelBundleReader.read(Fixtures.MODELS.resolve(MODEL), "model.onnx", Optional.empty());
        session = new OnnxSession(bundle, 1, false);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    private static byte[] image() {
        return Fixtures.bytes(Fixtures.IMAGES.resolve(IMAGE));
    }

    private static String goldenStatus() {
        return Goldens.index().cases().stream().filter(c -> c.model().equals(MODEL) && c.image().equals(IMAGE))
                .findFirst().orElseThrow().label().toUpperCase();
    }

    @Test
    void should_answer_a_failing_batch_with_its_error_and_serve_the_next_images() {
        try (DynamicBatcher batcher = new DynamicBatcher(new FailingClassifier(session, 1), new Batch(4, Duration.ofMillis(300), 8, 1, 1),
                new SimpleMeterRegistry())) {
            CompletableFuture<ClassificationResult> first = batcher.trySubmit(image(), "test");
            CompletableFuture<ClassificationResult> second = batcher.trySubmit(image(), "test");

            CompletionException failed = assertThrows(CompletionException.class, first::join);
            assertInstanceOf(OutOfMemoryError.class, failed.getCause());
            assertInstanceOf(OutOfMemoryError.class, assertThrows(CompletionException.class, second::join).getCause());

            assertNull(batcher.died(), "the inference thread survives the Error");
            assertEquals(goldenStatus(), batcher.trySubmit(image(), "test").join().status());
            assertEquals(goldenStatus(), batcher.trySubmit(image(), "test").join().status());
            assertEquals(0, batcher.pending(), "the failed images' room is given back");
        }
    }

    @Test
    void should_report_a_dead_inference_thread_and_accept_nothing_more() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        try (DynamicBatcher batcher = new DynamicBatcher(new FailingClassifier(session, 0), new Batch(4, Duration.ofMillis(10), 8, 1, 1),
                new SimpleMeterRegistry())) {
            Thread inference = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("virtus-inference") && !before.contains(t)).findFirst().orElseThrow();
            assertNull(batcher.died());

            inference.interrupt();
            inference.join(5000);

            assertNotNull(batcher.died(), "a thread that ended while the batcher accepts is reported");
            assertTrue(batcher.tryReserve().isEmpty(), "no room is handed out with no thread to serve it");
        }
    }

    @Test
    void should_answer_the_accepted_images_before_the_session_closes() {
        OnnxSession own = new OnnxSession(bundle, 1, false);
        ImageClassifier classifier = new FailingClassifier(own, 0);
        DynamicBatcher batcher = new DynamicBatcher(classifier, new Batch(4, Duration.ofMillis(500), 8, 1, 1), new SimpleMeterRegistry());
        CompletableFuture<ClassificationResult> accepted = batcher.trySubmit(image(), "test");

        new ServingModel(bundle, own, Optional.empty(), classifier, batcher).close();

        assertTrue(accepted.isDone(), "closing waits for the accepted image");
        assertEquals(goldenStatus(), accepted.join().status(), "classified by the open session, not failed by a closed one");
        assertTrue(!own.isOpen(), "the session is closed last");
    }
}
