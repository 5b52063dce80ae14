package dev.virtus.scan.verdict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the model says about one image.
 *
 * @param label the chosen label, as the model's {@code id2label} spells it
 * @param score probability of the positive label
 * @param probabilities probability per label, in id order
 * @param positiveLabel the label the score is about (e.g. {@code Fake})
 * @param model model name and short hash of the ONNX file
 */
public record Verdict(String label, double score, Map<String, Double> probabilities, String positiveLabel, String model) {

    public Verdict {
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    public boolean isPositive() {
        return label.equals(positiveLabel);
    }
}
