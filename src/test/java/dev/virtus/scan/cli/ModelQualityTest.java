package dev.virtus.scan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.cli.ModelQuality.LabelMetrics;
import dev.virtus.scan.cli.ModelQuality.RocPoint;
import dev.virtus.scan.cli.ModelQuality.Sample;

class ModelQualityTest {

    private static final double EXACT = 1e-12;

    @Test
    void should_match_the_scikit_learn_classification_report_example() {
        // sklearn.metrics.classification_report docs: y_true [0, 1, 2, 2, 2], y_pred [0, 0, 2, 2, 1]
        List<Sample> samples = samples(new int[] {0, 1, 2, 2, 2}, new int[] {0, 0, 2, 2, 1}, new double[] {0.1, 0.2, 0.9, 0.8, 0.3});

        ModelQuality metrics = ModelQuality.of(List.of("class 0", "class 1", "class 2"), 2, samples, 0.0);

        assertEquals(0.6, metrics.accuracy(), EXACT);
        assertLabel(metrics.perLabel().get(0), 0.5, 1.0, 2.0 / 3, 1);
        assertLabel(metrics.perLabel().get(1), 0.0, 0.0, 0.0, 1);
        assertLabel(metrics.perLabel().get(2), 1.0, 2.0 / 3, 0.8, 3);
        assertLabel(metrics.macroAverage(), 0.5, 5.0 / 9, (2.0 / 3 + 0.8) / 3, 5);
        assertLabel(metrics.weightedAverage(), 0.7, 0.6, (2.0 / 3 + 3 * 0.8) / 5, 5);
        assertArrayEquals(new int[][] {{1, 0, 0}, {1, 0, 0}, {0, 1, 2}}, metrics.confusionMatrix());
    }

    @Test
    void should_give_the_scikit_learn_roc_auc_example() {
        // sklearn.metrics.roc_auc_score: y [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] -> 0.75
        ModelQuality metrics = binary(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8}, 0.0);

        assertEquals(0.75, metrics.rocAuc(), EXACT);
    }

    @Test
    void should_count_tied_scores_as_one_half() {
        ModelQuality allTied = binary(new int[] {0, 1, 0, 1}, new double[] {0.5, 0.5, 0.5, 0.5}, 0.0);
        // pairs (positive, negative): (0.9, 0.2) win, (0.9, 0.6) win, (0.6, 0.2) win, (0.6, 0.6) tie -> 3.5 / 4
        ModelQuality oneTie = binary(new int[] {1, 1, 0, 0}, new double[] {0.9, 0.6, 0.6, 0.2}, 0.0);

        assertEquals(0.5, allTied.rocAuc(), EXACT);
        assertEquals(1, allTied.rocCurve().size());
        assertEquals(0.875, oneTie.rocAuc(), EXACT);
    }

    @Test
    void should_find_the_lowest_threshold_within_the_target_false_positive_rate() {
        // thresholds from the top: 0.8 (FPR 0, TPR .5), 0.4 (.5, .5), 0.35 (.5, 1), 0.1 (1, 1)
        int[] actual = {0, 0, 1, 1};
        double[] scores = {0.1, 0.4, 0.35, 0.8};

        ModelQuality.OperatingPoint strict = binary(actual, scores, 0.0).atTargetFpr();
        ModelQuality.OperatingPoint half = binary(actual, scores, 0.5).atTargetFpr();
        ModelQuality.OperatingPoint any = binary(actual, scores, 1.0).atTargetFpr();

        assertEquals(new ModelQuality.OperatingPoint(0.0, 0.8, 0.0, 0.5), strict);
        assertEquals(new ModelQuality.OperatingPoint(0.5, 0.35, 0.5, 1.0), half);
        assertEquals(0.1, any.threshold(), EXACT);
    }

    @Test
    void should_have_no_threshold_when_the_top_score_is_a_false_positive() {
        assertNull(binary(new int[] {0, 1, 1}, new double[] {0.9, 0.8, 0.7}, 0.0).atTargetFpr());
    }

    @Test
    void should_leave_roc_undefined_with_one_class_and_skip_absent_labels_in_averages() {
        ModelQuality onlyReal = binary(new int[] {0, 0}, new double[] {0.1, 0.2}, 0.01);

        assertNull(onlyReal.rocAuc());
        assertEquals(List.of(), onlyReal.rocCurve());
        assertNull(onlyReal.atTargetFpr());
        assertEquals(1, onlyReal.perLabel().size());
        assertEquals(1.0, onlyReal.macroF1(), EXACT);
    }

    @Test
    void should_divide_the_roc_rates_by_the_counts_of_each_class() {
        // one fake among four images: y [0, 0, 0, 1], scores [0.9, 0.2, 0.3, 0.8]
        ModelQuality metrics = binary(new int[] {0, 0, 0, 1}, new double[] {0.9, 0.2, 0.3, 0.8}, 0.5);

        assertEquals(List.of(new RocPoint(0.9, 1 / 3.0, 0), new RocPoint(0.8, 1 / 3.0, 1), new RocPoint(0.3, 2 / 3.0, 1),
                new RocPoint(0.2, 1, 1)), metrics.rocCurve());
        assertEquals(2 / 3.0, metrics.rocAuc(), EXACT);
    }

    /** Labels Real (0) and Fake (1), predicted at threshold 0.5. */
    private static ModelQuality binary(int[] actual, double[] scores, double targetFpr) {
        int[] predicted = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            predicted[i] = scores[i] >= 0.5 ? 1 : 0;
        }
        return ModelQuality.of(List.of("Real", "Fake"), 1, samples(actual, predicted, scores), targetFpr);
    }

    private static List<Sample> samples(int[] actual, int[] predicted, double[] scores) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < actual.length; i++) {
            samples.add(new Sample(actual[i], predicted[i], scores[i]));
        }
        return samples;
    }

    private static void assertLabel(LabelMetrics label, double precision, double recall, double f1, int support) {
        assertEquals(precision, label.precision(), EXACT, label.label() + " precision");
        assertEquals(recall, label.recall(), EXACT, label.label() + " recall");
        assertEquals(f1, label.f1(), EXACT, label.label() + " f1");
        assertEquals(support, label.support(), label.label() + " support");
    }
}
