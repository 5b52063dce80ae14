package dev.virtus.scan.cli;

import static dev.virtus.scan.cli.EvaluationText.decimal;

import java.util.List;
import java.util.Locale;

import dev.virtus.scan.cli.ModelQuality.LabelMetrics;
import dev.virtus.scan.cli.ModelQuality.OperatingPoint;
import dev.virtus.scan.cli.ModelQuality.RocPoint;

/**
 * An {@link Evaluation} as one self-contained HTML page: tables, and the confusion matrix and ROC curve as
 * inline SVG. The markup is also well-formed XML, so it can be checked with an XML parser.
 */
final class HtmlReport {

    private static final int CELL = 72;
    private static final int MATRIX_MARGIN = 110;
    private static final int PLOT = 360;
    private static final int PLOT_MARGIN = 50;

    private HtmlReport() {
    }

    /** @throws IllegalArgumentException when the evaluation has no metrics */
    static String render(Evaluation evaluation) {
        ModelQuality metrics = evaluation.metrics();
        if (metrics == null) {
            throw new IllegalArgumentException("no image was classified: nothing to report");
        }
        StringBuilder html = new StringBuilder();
        html.append("""
                <!DOCTYPE html>
                <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
                <head>
                <meta charset="utf-8"/>
                <title>Virtus evaluation</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
                table { border-collapse: collapse; margin: 1em 0; }
                th, td { padding: 0.3em 0.8em; text-align: right; border-bottom: 1px solid #ddd; }
                th:first-child, td:first-child { text-align: left; }
                svg text { font-family: system-ui, sans-serif; font-size: 13px; }
                .warning { color: #a40; }
                </style>
                </head>
                <body>
                <h1>Virtus evaluation</h1>
                """);
        html.append("<p>Model <code>").append(escape(evaluation.model())).append("</code>, positive label <b>")
                .append(escape(metrics.positiveLabel())).append("</b>, threshold ").append(evaluation.threshold())
                .append(". ").append(evaluation.images()).append(" images, ").append(metrics.images()).append(" classified, ")
                .append(evaluation.notClassified().size()).append(" not classified.</p>\n");
        if (evaluation.interrupted()) {
            html.append("<p class=\"warning\">The run was interrupted: these are partial results.</p>\n");
        }
        summary(evaluation, metrics, html);
        classificationReport(metrics, html);
        html.append("<h2>Confusion matrix</h2>\n");
        confusionMatrix(metrics, html);
        html.append("<h2>ROC curve</h2>\n");
        rocCurve(metrics, html);
        notClassified(evaluation.notClassified(), html);
        return html.append("</body>\n</html>\n").toString();
    }

    private static void summary(Evaluation evaluation, ModelQuality metrics, StringBuilder html) {
        html.append("<table>\n");
        row(html, "Accuracy", decimal(metrics.accuracy()));
        row(html, "Macro F1", decimal(metrics.macroF1()));
        row(html, "ROC AUC (score: probability of " + metrics.positiveLabel() + ")",
                metrics.rocAuc() == null ? "undefined: needs both classes" : decimal(metrics.rocAuc()));
        OperatingPoint point = metrics.atTargetFpr();
        row(html, "Lowest threshold with false-positive rate \u2264 " + evaluation.targetFpr(), point == null ? "none"
                : decimal(point.threshold()) + " (FPR " + decimal(point.falsePositiveRate()) + ", TPR " + decimal(point.truePositiveRate()) + ")");
        html.append("</table>\n");
    }

    private static void classificationReport(ModelQuality metrics, StringBuilder html) {
        html.append("<h2>Classification report</h2>\n<table>\n")
                .append("<tr><th></th><th>precision</th><th>recall</th><th>f1-score</th><th>support</th></tr>\n");
        for (LabelMetrics label : metrics.perLabel()) {
            reportRow(label, html);
        }
        reportRow(metrics.macroAverage(), html);
        reportRow(metrics.weightedAverage(), html);
        html.append("</table>\n");
    }

    private static void reportRow(LabelMetrics label, StringBuilder html) {
        html.append("<tr><td>").append(escape(label.label())).append("</td><td>").append(decimal(label.precision()))
                .append("</td><td>").append(decimal(label.recall())).append("</td><td>").append(decimal(label.f1()))
                .append("</td><td>").append(label.support()).append("</td></tr>\n");
    }

    /** Cells shaded by the share of their row (the true label), so each row reads as recall. */
    private static void confusionMatrix(ModelQuality metrics, StringBuilder html) {
        List<String> labels = metrics.labels();
        int[][] counts = metrics.confusionMatrix();
        int size = MATRIX_MARGIN + CELL * labels.size() + 10;
        html.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Confusion matrix\">%n",
                size, size + 20, size, size + 20));
        html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" text-anchor=\"middle\">predicted label</text>%n",
                MATRIX_MARGIN + CELL * labels.size() / 2));
        html.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">true label</text>%n",
                MATRIX_MARGIN + CELL * labels.size() / 2, MATRIX_MARGIN + CELL * labels.size() / 2));
        for (int i = 0; i < labels.size(); i++) {
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    MATRIX_MARGIN + CELL * i + CELL / 2, MATRIX_MARGIN - 10, escape(labels.get(i))));
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    MATRIX_MARGIN - 10, MATRIX_MARGIN + CELL * i + CELL / 2 + 5, escape(labels.get(i))));
        }
        for (int i = 0; i < labels.size(); i++) {
            int rowTotal = 0;
            for (int count : counts[i]) {
                rowTotal += count;
            }
            for (int j = 0; j < labels.size(); j++) {
                double share = rowTotal == 0 ? 0 : (double) counts[i][j] / rowTotal;
                int x = MATRIX_MARGIN + CELL * j;
                int y = MATRIX_MARGIN + CELL * i;
                html.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#fff\"><title>true %s, predicted %s: %d</title></rect>%n",
                        x, y, CELL, CELL, shade(share), escape(labels.get(i)), escape(labels.get(j)), counts[i][j]));
                html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%d</text>%n",
                        x + CELL / 2, y + CELL / 2 + 5, share > 0.5 ? "#fff" : "#222", counts[i][j]));
            }
        }
        html.append("</svg>\n");
    }

    /** White to dark blue. */
    private static String shade(double share) {
        int red = (int) Math.round(255 - share * (255 - 31));
        int green = (int) Math.round(255 - share * (255 - 80));
        int blue = (int) Math.round(255 - share * (255 - 160));
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", red, green, blue);
    }

    private static void rocCurve(ModelQuality metrics, StringBuilder html) {
        if (metrics.rocAuc() == null) {
            html.append("<p>Undefined: the images need both ").append(escape(metrics.positiveLabel())).append(" and other labels.</p>\n");
            return;
        }
        int size = PLOT + 2 * PLOT_MARGIN;
        html.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"ROC curve\">%n",
                size, size, size, size));
        html.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
                PLOT_MARGIN, PLOT_MARGIN, PLOT, PLOT));
        html.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\" stroke-dasharray=\"4 4\"/>%n",
                x(0), y(0), x(1), y(1)));
        for (int tick = 0; tick <= 4; tick++) {
            double value = tick / 4.0;
            html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.2f</text>%n", x(value), PLOT_MARGIN + PLOT + 18, value));
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", PLOT_MARGIN - 6, y(value) + 4, value));
        }
        html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">false-positive rate</text>%n",
                PLOT_MARGIN + PLOT / 2, size - 8));
        html.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 12 %d)\">true-positive rate</text>%n",
                PLOT_MARGIN + PLOT / 2, PLOT_MARGIN + PLOT / 2));
        StringBuilder points = new StringBuilder(point(0, 0));
        for (RocPoint point : metrics.rocCurve()) {
            points.append(' ').append(point(point.falsePositiveRate(), point.truePositiveRate()));
        }
        html.append("<polyline fill=\"none\" stroke=\"#1f50a0\" stroke-width=\"2\" points=\"").append(points).append("\"/>\n");
        OperatingPoint chosen = metrics.atTargetFpr();
        if (chosen != null) {
            html.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#c03020\"><title>threshold %s: FPR %s, TPR %s</title></circle>%n",
                    x(chosen.falsePositiveRate()), y(chosen.truePositiveRate()), decimal(chosen.threshold()),
                    decimal(chosen.falsePositiveRate()), decimal(chosen.truePositiveRate())));
        }
        html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">AUC %s</text>%n",
                x(0.95), y(0.05), decimal(metrics.rocAuc())));
        html.append("</svg>\n");
    }

    private static String point(double falsePositiveRate, double truePositiveRate) {
        return String.format(Locale.ROOT, "%.1f,%.1f", x(falsePositiveRate), y(truePositiveRate));
    }

    private static double x(double falsePositiveRate) {
        return PLOT_MARGIN + falsePositiveRate * PLOT;
    }

    private static double y(double truePositiveRate) {
        return PLOT_MARGIN + (1 - truePositiveRate) * PLOT;
    }

    private static void notClassified(List<ClassifiedFile> files, StringBuilder html) {
        if (files.isEmpty()) {
            return;
        }
        html.append("<h2>Not classified</h2>\n<table>\n<tr><th>file</th><th>status</th><th>reason</th></tr>\n");
        for (ClassifiedFile file : files) {
            html.append("<tr><td>").append(escape(file.path().toString())).append("</td><td>").append(escape(file.result().status()))
                    .append("</td><td>").append(escape(file.result().reason())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><td>").append(escape(name)).append("</td><td>").append(escape(value)).append("</td></tr>\n");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
