package dev.virtus.scan.cli;

import java.util.List;
import java.util.Locale;

import dev.virtus.scan.cli.ModelQuality.LabelMetrics;

/** An {@link Evaluation} for people: the classification report laid out as scikit-learn prints it, and the rest. */
final class EvaluationText {

    private static final int DIGITS = 4;

    private EvaluationText() {
    }

    static String render(Evaluation evaluation) {
        StringBuilder text = new StringBuilder();
        ModelQuality metrics = evaluation.metrics();
        text.append(String.format(Locale.ROOT, "Model %s, positive label %s, threshold %s%n", evaluation.model(),
                evaluation.positiveLabel(), evaluation.threshold()));
        text.append(String.format(Locale.ROOT, "%s%d images, %d classified, %d not classified%n",
                evaluation.interrupted() ? "Interrupted: partial results. " : "", evaluation.images(),
                metrics == null ? 0 : metrics.images(), evaluation.notClassified().size()));
        if (metrics == null) {
            return text.append("No image could be classified.").toString();
        }
        text.append(String.format(Locale.ROOT, "%nAccuracy %s, macro F1 %s%n%n", decimal(metrics.accuracy()), decimal(metrics.macroF1())));
        classificationReport(metrics, text);
        text.append(String.format(Locale.ROOT, "%nConfusion matrix (rows: true label, columns: predicted label)%n"));
        confusionMatrix(metrics, text);
        text.append(System.lineSeparator());
        String score = "probability of " + metrics.positiveLabel();
        if (metrics.rocAuc() == null) {
            text.append("ROC AUC: undefined, the images need both ").append(metrics.positiveLabel())
                    .append(" and other labels").append(System.lineSeparator());
        } else {
            text.append(String.format(Locale.ROOT, "ROC AUC (score: %s): %s%n", score, decimal(metrics.rocAuc())));
        }
        ModelQuality.OperatingPoint point = metrics.atTargetFpr();
        if (point != null) {
            text.append(String.format(Locale.ROOT, "Lowest threshold with false-positive rate <= %s: %s (false-positive rate %s, true-positive rate %s)",
                    evaluation.targetFpr(), decimal(point.threshold()), decimal(point.falsePositiveRate()), decimal(point.truePositiveRate())));
        } else {
            text.append(String.format(Locale.ROOT, "No threshold at an observed score gives a false-positive rate <= %s",
                    evaluation.targetFpr()));
        }
        for (ProvenanceAgreement agreement : evaluation.provenance()) {
            text.append(String.format(Locale.ROOT, "%nProvenance %s: %d images", agreement.summary(), agreement.images()));
            if (agreement.modelAgrees() != null) {
                text.append(String.format(Locale.ROOT, ", the model agrees on %d", agreement.modelAgrees()));
            }
        }
        return text.toString();
    }

    /** Column layout of {@code sklearn.metrics.classification_report}. */
    private static void classificationReport(ModelQuality metrics, StringBuilder text) {
        List<LabelMetrics> rows = metrics.perLabel();
        int width = "weighted avg".length();
        for (LabelMetrics row : rows) {
            width = Math.max(width, row.label().length());
        }
        text.append(" ".repeat(width)).append(String.format(Locale.ROOT, " %9s %9s %9s %9s%n%n", "precision", "recall", "f1-score", "support"));
        for (LabelMetrics row : rows) {
            reportRow(row, width, text);
        }
        text.append(System.lineSeparator());
        text.append(String.format(Locale.ROOT, "%" + width + "s %9s %9s %9s %9d%n", "accuracy", "", "", decimal(metrics.accuracy()), metrics.images()));
        reportRow(metrics.macroAverage(), width, text);
        reportRow(metrics.weightedAverage(), width, text);
    }

    private static void reportRow(LabelMetrics row, int width, StringBuilder text) {
        text.append(String.format(Locale.ROOT, "%" + width + "s %9s %9s %9s %9d%n", row.label(),
                decimal(row.precision()), decimal(row.recall()), decimal(row.f1()), row.support()));
    }

    private static void confusionMatrix(ModelQuality metrics, StringBuilder text) {
        List<String> labels = metrics.labels();
        int width = 6;
        for (String label : labels) {
            width = Math.max(width, label.length());
        }
        for (int[] row : metrics.confusionMatrix()) {
            for (int count : row) {
                width = Math.max(width, Integer.toString(count).length());
            }
        }
        String cell = "%" + (width + 2) + "s";
        text.append(String.format(Locale.ROOT, cell, ""));
        labels.forEach(label -> text.append(String.format(Locale.ROOT, cell, label)));
        text.append(System.lineSeparator());
        for (int i = 0; i < labels.size(); i++) {
            text.append(String.format(Locale.ROOT, cell, labels.get(i)));
            for (int count : metrics.confusionMatrix()[i]) {
                text.append(String.format(Locale.ROOT, cell, count));
            }
            text.append(System.lineSeparator());
        }
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%." + DIGITS + "f", value);
    }
}
