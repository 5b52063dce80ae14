package dev.virtus.scan.verdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Logits to a {@link Verdict}: softmax, then the positive label when its probability reaches the threshold,
 * otherwise the most probable other label. At threshold 0.5 with two labels this is the pipeline's argmax.
 */
public final class VerdictPolicy {

    private final List<String> labels;
    private final int positiveIndex;
    private final double threshold;
    private final String model;

    public VerdictPolicy(List<String> labels, String positiveLabel, double threshold, String model) {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("virtus.threshold must lie in [0, 1], got " + threshold);
        }
        this.labels = List.copyOf(labels);
        this.positiveIndex = indexOf(this.labels, positiveLabel);
        this.threshold = threshold;
        this.model = model;
    }

    private static int indexOf(List<String> labels, String wanted) {
        String key = wanted.toLowerCase(Locale.ROOT);
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).toLowerCase(Locale.ROOT).equals(key)) {
                return i;
            }
        }
        throw new IllegalArgumentException("virtus.model.positive-label '" + wanted + "' is not one of the model's labels " + labels);
    }

    public String positiveLabel() {
        return labels.get(positiveIndex);
    }

    public Verdict decide(float[] logits) {
        if (logits.length != labels.size()) {
            throw new IllegalArgumentException("expected " + labels.size() + " logits, got " + logits.length);
        }
        double[] probabilities = softmax(logits);
        int chosen = positiveIndex;
        if (probabilities[positiveIndex] < threshold) {
            chosen = -1;
            for (int i = 0; i < probabilities.length; i++) {
                if (i != positiveIndex && (chosen < 0 || probabilities[i] > probabilities[chosen])) {
                    chosen = i;
                }
            }
        }
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < probabilities.length; i++) {
            byLabel.put(labels.get(i), probabilities[i]);
        }
        return new Verdict(labels.get(chosen), probabilities[positiveIndex], byLabel, positiveLabel(), model);
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double[] out = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
