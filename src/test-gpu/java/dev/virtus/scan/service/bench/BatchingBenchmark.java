package dev.virtus.scan.service.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.decode.DecodeLimits;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleReader;
import dev.virtus.scan.service.batch.DynamicBatcher;
import dev.virtus.scan.service.config.ServiceConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Throughput and latency of the service's classification path (decode, preprocess, dynamic batching,
 * ONNX Runtime) at several batch sizes: a closed loop of 2 x batch-size callers keeps the batcher full.
 * Not a test: run it with {@code bench/batching.sh EXPORT_DIR IMAGE_DIR}.
 *
 * <p>System properties: {@code sizes} (default 1,4,8,16), {@code images} per size (default 64),
 * {@code threads} (intra-op, default available processors), {@code delay} (max-delay, default 20ms),
 * {@code provider} (auto, cpu or cuda; default auto).
 */
public final class BatchingBenchmark {

    private record Batch(int maxSize, Duration maxDelay, int queueCapacity, int prepareThreads, int retryAfterSeconds)
            implements ServiceConfig.Batch {
    }

    public static void main(String[] args) throws Exception {
        Path exportDirectory = Path.of(args[0]);
        List<byte[]> images = readImages(Path.of(args[1]));
        int[] sizes = Arrays.stream(System.getProperty("sizes", "1,4,8,16").split(",")).mapToInt(Integer::parseInt).toArray();
        int count = Integer.getInteger("images", 64);
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        Duration delay = Duration.parse("PT" + System.getProperty("delay", "0.020") + "S");
        var provider = VirtusConfig.Inference.Provider.valueOf(System.getProperty("provider", "auto").toUpperCase());
        ModelBundle bundle = ModelBundleReader.read(exportDirectory, System.getProperty("model.file", "model.onnx"), Optional.empty());
        int largest = Arrays.stream(sizes).max().orElse(1);

        try (OnnxSession session = new OnnxSession(bundle, threads, false, provider, 0)) {
            String positive = bundle.labels().get(bundle.labels().size() - 1);
            ImageClassifier classifier = new ImageClassifier(bundle, session, new DecodeLimits(20 << 20, 40_000_000), positive, 0.5, largest);
            System.out.printf("Dynamic batching: %s, %d images per batch size (%d distinct), %d intra-op threads, max-delay %d ms, ONNX Runtime %s%n",
                    bundle.displayName(), count, images.size(), threads, delay.toMillis(), ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
            System.out.printf("%6s %10s %12s %10s %10s %12s%n", "batch", "callers", "images/s", "p50 ms", "p99 ms", "mean batch");
            for (int size : sizes) {
                run(classifier, images, size, size, delay); // warm-up: ONNX Runtime plans each new batch shape once
                Result result = run(classifier, images, size, count, delay);
                System.out.printf("%6d %10d %12.2f %10.1f %10.1f %12.2f%n", size, 2 * size, result.throughput(),
                        result.percentile(0.50), result.percentile(0.99), result.meanBatch());
            }
        }
    }

    private record Result(double throughput, double[] latenciesMs, double meanBatch) {
        double percentile(double p) {
            double[] sorted = latenciesMs.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }

    private static Result run(ImageClassifier classifier, List<byte[]> images, int batchSize, int count, Duration delay) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        int callers = 2 * batchSize;
        double[] latencies = new double[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        long start;
        long end;
        try (DynamicBatcher batcher = new DynamicBatcher(classifier, new Batch(batchSize, delay, callers, 1, 1), registry)) {
            start = System.nanoTime();
            List<Future<?>> loops = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                loops.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        batcher.submit(images.get(i % images.size()), "bench").join();
                        latencies[i] = (System.nanoTime() - sent) / 1e6;
                    }
                    return null;
                }));
            }
            for (Future<?> loop : loops) {
                loop.get();
            }
            end = System.nanoTime();
        } finally {
            pool.shutdown();
        }
        var sizes = registry.get("virtus.batch.size").summary();
        return new Result(count / ((end - start) / 1e9), latencies, sizes.mean());
    }

    private static List<byte[]> readImages(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<byte[]> images = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString().toLowerCase();
                if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg")) {
                    images.add(Files.readAllBytes(file));
                }
            }
            return images;
        }
    }
}
