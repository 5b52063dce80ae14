package dev.virtus.scan.service.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.FrameGoldens;
import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.FrameReport;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Animated images in the dynamic batcher: one request brings one model input per frame, shared with other requests'
 * inputs and counted against {@code virtus.batch.max-size}; each request is answered with its most fake frame, as
 * the function answers it.
 */
class DynamicBatcherFramesTest {

    private static ModelBundle bundle;
    private static OnnxSession session;

    @BeforeAll
    static void load() {
        bundle = ModelBundleReader.read(Fixtures.MODELS.resolve(FrameGoldens.index().model()), "model.onnx", Optional.empty());
        session = new OnnxSession(bundle, 1, false);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void should_batch_every_frame_of_an_animated_request_and_answer_its_most_fake_frame() {
        CountingClassifier classifier = new CountingClassifier(bundle, session, Optional.empty());
        byte[] gif = FrameGoldens.find("gif-real-then-fake.gif").bytes();
        byte[] still = Fixtures.bytes(Fixtures.IMAGES.resolve("png-rgb.png"));
        byte[] apng = FrameGoldens.find("apng-real-then-fake.png").bytes();
        ClassificationResult gifAlone = new CountingClassifier(bundle, session, Optional.empty()).classifyOrReport(gif);
        List<CompletableFuture<ClassificationResult>> answers = new ArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // One preparing thread, so the requests are ready in this order: 3 frames, a still image, 3 frames.
        try (DynamicBatcher batcher = new DynamicBatcher(classifier, new TestBatch(4, Duration.ofSeconds(2), 8, 1, 1), registry)) {
            answers.add(batcher.trySubmit(gif, "test"));
            answers.add(batcher.trySubmit(still, "test"));
            answers.add(batcher.trySubmit(apng, "test"));

            ClassificationResult animated = answers.get(0).join();
            assertEquals("FAKE", animated.status());
            assertEquals(new FrameReport(3, 3, 1), animated.frames());
            assertEquals(gifAlone.score(), animated.score(), 1e-5);
            assertNull(answers.get(1).join().frames());
            assertEquals(new FrameReport(3, 3, 1), answers.get(2).join().frames());
        }

        assertEquals(List.of(4, 3), classifier.calls,
                "the GIF's three frames and the still image fill the first call; the APNG's three frames would make it 7, "
                        + "so they open the second");
        assertEquals(7, (long) registry.get("virtus.batch.size").summary().totalAmount(), "batch sizes count every frame");
    }
}
