package dev.virtus.scan.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How well predictions match the truth, as scikit-learn reports it: accuracy, the classification report
 * (per-label precision, recall, F1 and support, with 0 where a ratio has no denominator, and averages over
 * the labels that occur in the truth or the predictions), the confusion matrix over all of the model's labels
 * (rows: true label, columns: predicted), and the ROC curve of the positive label's score.
 *
 * @param confusionMatrix {@code [true label][predicted label]}, in label id order
 * @param rocAuc area under the ROC curve, ties counting one half; absent unless both classes occur
 * @param rocCurve one point per distinct score, highest threshold first; empty unless both classes occur
 * @param atTargetFpr the lowest threshold whose false-positive rate is at most the target; absent when none is
 */
public record ModelQuality(
        List<String> labels,
        String positiveLabel,
        int images,
        double accuracy,
        List<LabelMetrics> perLabel,
        LabelMetrics macroAverage,
        LabelMetrics weightedAverage,
        int[][] confusionMatrix,
        Double rocAuc,
        List<RocPoint> rocCurve,
        OperatingPoint atTargetFpr) {

    /** One classified image: label ids and the positive label's probability. */
    public record Sample(int actual, int predicted, double score) {
    }

    public record LabelMetrics(String label, double precision, double recall, double f1, int support) {
    }

    /** Predicting the positive label when its score is at or above {@code threshold} gives these rates. */
    public record RocPoint(double threshold, double falsePositiveRate, double truePositiveRate) {
    }

    public record OperatingPoint(double targetFalsePositiveRate, double threshold, double falsePositiveRate,
            double truePositiveRate) {
    }

    @JsonProperty("macroF1")
    public double macroF1() {
        return macroAverage.f1();
    }

    /**
     * @param positive id of the label whose score the samples carry
     * @throws IllegalArgumentException when there are no samples
     */
    public static ModelQuality of(List<String> labels, int positive, List<Sample> samples, double targetFpr) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to evaluate");
        }
        int[][] confusion = new int[labels.size()][labels.size()];
        for (Sample sample : samples) {
            confusion[sample.actual()][sample.predicted()]++;
        }
        int correct = 0;
        for (int i = 0; i < labels.size(); i++) {
            correct += confusion[i][i];
        }

        List<LabelMetrics> perLabel = new ArrayList<>();
        for (int label = 0; label < labels.size(); label++) {
            int support = rowSum(confusion, label);
            int predicted = columnSum(confusion, label);
            if (support > 0 || predicted > 0) {
                int truePositives = confusion[label][label];
                double precision = ratio(truePositives, predicted);
                double recall = ratio(truePositives, support);
                double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
                perLabel.add(new LabelMetrics(labels.get(label), precision, recall, f1, support));
            }
        }

        List<RocPoint> roc = rocCurve(positive, samples);
        return new ModelQuality(List.copyOf(labels), labels.get(positive), samples.size(), (double) correct / samples.size(),
                List.copyOf(perLabel), average("macro avg", perLabel, false, samples.size()),
                average("weighted avg", perLabel, true, samples.size()), confusion,
                roc.isEmpty() ? null : areaUnder(roc), roc, operatingPoint(roc, targetFpr));
    }

    private static LabelMetrics average(String name, List<LabelMetrics> perLabel, boolean bySupport, int images) {
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        for (LabelMetrics label : perLabel) {
            double weight = bySupport ? (double) label.support() / images : 1.0 / perLabel.size();
            precision += weight * label.precision();
            recall += weight * label.recall();
            f1 += weight * label.f1();
        }
        return new LabelMetrics(name, precision, recall, f1, images);
    }

    /** Lowering the threshold past each distinct score in turn; tied scores move the curve diagonally. */
    private static List<RocPoint> rocCurve(int positive, List<Sample> samples) {
        long positives = samples.stream().filter(s -> s.actual() == positive).count();
        long negatives = samples.size() - positives;
        if (positives == 0 || negatives == 0) {
            return List.of();
        }
        List<Sample> byScore = samples.stream().sorted(Comparator.comparingDouble(Sample::score).reversed()).toList();
        List<RocPoint> curve = new ArrayList<>();
        int truePositives = 0;
        int falsePositives = 0;
        for (int i = 0; i < byScore.size(); i++) {
            if (byScore.get(i).actual() == positive) {
                truePositives++;
            } else {
                falsePositives++;
            }
            double score = byScore.get(i).score();
            if (i + 1 == byScore.size() || byScore.get(i + 1).score() != score) {
                curve.add(new RocPoint(score, (double) falsePositives / negatives, (double) truePositives / positives));
            }
        }
        return List.copyOf(curve);
    }

    /** Trapezoids from (0, 0), where the threshold is above every score. */
    private static double areaUnder(List<RocPoint> curve) {
        double area = 0;
        double fpr = 0;
        double tpr = 0;
        for (RocPoint point : curve) {
            area += (point.falsePositiveRate() - fpr) * (point.truePositiveRate() + tpr) / 2;
            fpr = point.falsePositiveRate();
            tpr = point.truePositiveRate();
        }
        return area;
    }

    /** The curve's false-positive rate only grows as the threshold falls, so the last point within the target is the lowest threshold. */
    private static OperatingPoint operatingPoint(List<RocPoint> curve, double targetFpr) {
        OperatingPoint lowest = null;
        for (RocPoint point : curve) {
            if (point.falsePositiveRate() > targetFpr) {
                break;
            }
            lowest = new OperatingPoint(targetFpr, point.threshold(), point.falsePositiveRate(), point.truePositiveRate());
        }
        return lowest;
    }

    private static double ratio(int numerator, int denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    private static int rowSum(int[][] matrix, int row) {
        int sum = 0;
        for (int count : matrix[row]) {
            sum += count;
        }
        return sum;
    }

    private static int columnSum(int[][] matrix, int column) {
        int sum = 0;
        for (int[] row : matrix) {
            sum += row[column];
        }
        return sum;
    }
}
