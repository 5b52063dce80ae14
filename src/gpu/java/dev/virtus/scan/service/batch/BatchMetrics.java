package dev.virtus.scan.service.batch;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The batcher's meters: requests by source and outcome, batch sizes (in model inputs), latency percentiles and queue depth. */
final class BatchMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer inference;

    BatchMetrics(MeterRegistry registry, int maxBatchSize, Supplier<Number> pending) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("virtus.batch.size")
                .description("Inputs (whole images or face crops) per ONNX Runtime call")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32)
                .maximumExpectedValue((double) maxBatchSize)
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.inference = Timer.builder("virtus.batch.inference")
                .description("Duration of one ONNX Runtime call")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        Gauge.builder("virtus.batch.pending", pending).description("Images accepted and not yet answered").register(registry);
    }

    void batch(int size, long nanos) {
        batchSize.record(size);
        inference.record(Duration.ofNanos(nanos));
    }

    /** @param outcome {@code classified}, {@code unsupported}, {@code no-face}, {@code failed} or {@code rejected} */
    void request(String source, String outcome, long nanos) {
        Counter.builder("virtus.classify.requests").description("Images submitted for classification")
                .tag("source", source).tag("outcome", outcome).register(registry).increment();
        if (nanos >= 0) {
            Timer.builder("virtus.classify.latency").description("From acceptance to answer, decoding included")
                    .tag("source", source)
                    .publishPercentiles(0.5, 0.95, 0.99)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(Duration.ofNanos(nanos));
        }
    }
}
