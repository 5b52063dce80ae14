package dev.virtus.scan.bench;

import java.util.ArrayList;
import java.util.List;

/** One measurement's values over the rounds of a benchmark; percentiles by nearest rank. */
final class Samples {
    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    double median() {
        return percentile(50);
    }

    double percentile(int p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(rank, sorted.length - 1))];
    }
}
