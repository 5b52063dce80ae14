package dev.virtus.scan.service.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;
import dev.virtus.scan.service.config.ServiceConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Images classified together in dynamic batches get the verdicts they get alone, and the pipeline's. */
class DynamicBatcherGoldenTest {

    private static final String MODEL = "deit-tiny-standin";

    private static OnnxSession session;
    private static ImageClassifier classifier;

    @BeforeAll
    static void load() {
        ModelBundle bundle = ModelBundleReader.read(Fixtures.MODELS.resolve(MODEL), "model.onnx", Optional.empty());
        session = new OnnxSession(bundle, 1, false);
        classifier = new ImageClassifier(bundle, session, new DecodeLimits(20_000_000, 40_000_000), "Fake", 0.5, 16);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    private record Batch(int maxSize, Duration maxDelay, int queueCapacity, int prepareThreads, int retryAfterSeconds)
            implements ServiceConfig.Batch {
    }

    @Test
    void should_give_every_golden_fixture_its_single_image_verdict_when_batched() {
        List<Goldens.Case> cases = Goldens.index().cases().stream().filter(c -> c.model().equals(MODEL)).toList();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<CompletableFuture<ClassificationResult>> answers = new ArrayList<>();

        try (DynamicBatcher batcher = new DynamicBatcher(classifier, new Batch(8, Duration.ofMillis(200), 64, 2, 1), registry)) {
            for (Goldens.Case golden : cases) {
                answers.add(batcher.trySubmit(Fixtures.bytes(golden.imagePath()), "test"));
            }
            for (int i = 0; i < cases.size(); i++) {
                Goldens.Case golden = cases.get(i);
                ClassificationResult batched = answers.get(i).join();
                ClassificationResult single = classifier.classifyOrReport(Fixtures.bytes(golden.imagePath()));
                assertEquals(golden.label().toUpperCase(), batched.status(), golden.image());
                assertEquals(single.status(), batched.status(), golden.image());
                assertEquals(single.score(), batched.score(), 1e-5, golden.image());
                assertEquals(single.width(), batched.width(), golden.image());
            }
        }
        var sizes = registry.get("virtus.batch.size").summary();
        assertTrue(sizes.max() > 1, "batches of more than one image ran; largest " + sizes.max());
        assertTrue(sizes.max() <= 8, "virtus.batch.max-size holds; largest " + sizes.max());
        // an input per frame: the animated fixture brings two
        assertEquals(cases.stream().mapToInt(c -> classifier.prepare(Fixtures.bytes(c.imagePath())).inputs().size()).sum(),
                (long) sizes.totalAmount());
    }

    @Test
    void should_answer_unsupported_for_bytes_that_are_no_image_and_refuse_beyond_capacity() {
        try (DynamicBatcher batcher = new DynamicBatcher(classifier, new Batch(4, Duration.ofSeconds(2), 1, 1, 1), new SimpleMeterRegistry())) {
            CompletableFuture<ClassificationResult> first = batcher.trySubmit(Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")), "test");

            assertThrows(BatcherFullException.class, () -> batcher.trySubmit(Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png")), "test"));

            assertEquals(1, batcher.pending());
            first.join();
            assertEquals(0, batcher.pending());
            assertEquals(ClassificationResult.UNSUPPORTED, batcher.trySubmit("not an image".getBytes(), "test").join().status());
        }
    }
}
