package dev.virtus.scan.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerdictPolicyTest {

    private static final float LN3 = (float) Math.log(3);

    @Test
    void should_score_the_positive_label_whatever_its_id() {
        // logits (0, ln 3): softmax (1/4, 3/4)
        Verdict verdict = new VerdictPolicy(List.of("fake", "real"), "FAKE", 0.5, "m").decide(new float[] {0, LN3});

        assertEquals("real", verdict.label());
        assertEquals(0.25, verdict.score(), 1e-7);
        assertEquals(0.75, verdict.probabilities().get("real"), 1e-7);
        assertEquals("fake", verdict.positiveLabel());
        assertEquals(List.of("fake", "real"), List.copyOf(verdict.probabilities().keySet()));
    }

    @Test
    void should_choose_the_positive_label_just_above_the_threshold_and_the_other_just_below() {
        VerdictPolicy strict = new VerdictPolicy(List.of("Real", "Fake"), "fake", 0.75, "m");

        assertEquals("Fake", strict.decide(new float[] {0, LN3 + 1e-6f}).label());
        assertEquals("Real", strict.decide(new float[] {0, LN3 - 1e-3f}).label());
    }

    @Test
    void should_choose_the_positive_label_when_its_probability_equals_the_threshold_exactly() {
        // given equal logits: softmax is exactly (1/2, 1/2) in binary floating point
        VerdictPolicy atHalf = new VerdictPolicy(List.of("Real", "Fake"), "Fake", 0.5, "m");

        // when the positive probability is exactly the threshold
        Verdict verdict = atHalf.decide(new float[] {0, 0});

        // then the threshold counts as reached
        assertEquals(0.5, verdict.score());
        assertEquals("Fake", verdict.label());
        assertTrue(verdict.isPositive());
    }

    @Test
    void should_choose_the_other_label_when_the_probability_is_one_ulp_below_the_threshold() {
        VerdictPolicy justAboveHalf = new VerdictPolicy(List.of("Real", "Fake"), "Fake", Math.nextUp(0.5), "m");

        Verdict verdict = justAboveHalf.decide(new float[] {0, 0});

        assertEquals(0.5, verdict.score());
        assertEquals("Real", verdict.label());
        assertFalse(verdict.isPositive());
    }

    @Test
    void should_choose_the_positive_label_at_threshold_zero_even_when_its_probability_is_zero() {
        // exp(-1000) underflows to 0: the positive probability is exactly 0.0, equal to the threshold
        Verdict verdict = new VerdictPolicy(List.of("Real", "Fake"), "Fake", 0.0, "m").decide(new float[] {1000f, 0f});

        assertEquals(0.0, verdict.score());
        assertEquals("Fake", verdict.label());
    }

    @Test
    void should_choose_the_positive_label_at_threshold_one_only_when_its_probability_is_one() {
        VerdictPolicy certain = new VerdictPolicy(List.of("Real", "Fake"), "Fake", 1.0, "m");

        assertEquals("Fake", certain.decide(new float[] {0f, 1000f}).label());
        assertEquals("Real", certain.decide(new float[] {0f, 10f}).label());
    }

    @Test
    void should_pick_the_most_probable_other_label_below_the_threshold() {
        // given three labels, the positive one in the middle; softmax of (ln 1, ln 2, ln 5) = (1/8, 2/8, 5/8)
        VerdictPolicy policy = new VerdictPolicy(List.of("a", "fake", "c"), "fake", 0.5, "m");

        Verdict verdict = policy.decide(new float[] {0, (float) Math.log(2), (float) Math.log(5)});

        assertEquals("c", verdict.label());
        assertEquals(0.25, verdict.score(), 1e-7);
        assertEquals(List.of("a", "fake", "c"), List.copyOf(verdict.probabilities().keySet()));
        assertEquals(0.125, verdict.probabilities().get("a"), 1e-7);
        assertEquals(0.625, verdict.probabilities().get("c"), 1e-7);
    }

    @Test
    void should_pick_the_first_other_label_when_others_tie() {
        // four equal logits: every probability is exactly 1/4, one ulp short of the threshold
        VerdictPolicy policy = new VerdictPolicy(List.of("fake", "b", "c", "d"), "fake", Math.nextUp(0.25), "m");

        Verdict verdict = policy.decide(new float[] {0, 0, 0, 0});

        assertEquals("b", verdict.label());
        assertEquals(0.25, verdict.score());
    }

    @Test
    void should_keep_the_first_other_label_when_it_is_the_most_probable() {
        // (ln 5, ln 2, ln 1) -> (5/8, 2/8, 1/8), positive in the middle
        VerdictPolicy policy = new VerdictPolicy(List.of("a", "fake", "c"), "fake", 0.5, "m");

        Verdict verdict = policy.decide(new float[] {(float) Math.log(5), (float) Math.log(2), 0});

        assertEquals("a", verdict.label());
    }

    @Test
    void should_pick_a_more_probable_later_other_label_over_an_earlier_one() {
        // (ln 1, ln 3, ln 4) -> (1/8, 3/8, 4/8), positive first
        VerdictPolicy policy = new VerdictPolicy(List.of("fake", "b", "c"), "fake", 0.5, "m");

        Verdict verdict = policy.decide(new float[] {0, (float) Math.log(3), (float) Math.log(4)});

        assertEquals("c", verdict.label());
    }

    @Test
    void should_refuse_logits_that_do_not_match_the_labels() {
        VerdictPolicy policy = new VerdictPolicy(List.of("Real", "Fake"), "Fake", 0.5, "m");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> policy.decide(new float[] {0, 0, 0}));

        assertEquals("expected 2 logits, got 3", error.getMessage());
    }

    @Test
    void should_report_the_positive_label_and_model_as_configured_by_the_model() {
        VerdictPolicy policy = new VerdictPolicy(List.of("Real", "Fake"), "FAKE", 0.5, "stand-in@abc");

        Verdict verdict = policy.decide(new float[] {0, 0});

        assertEquals("Fake", policy.positiveLabel());
        assertEquals("Fake", verdict.positiveLabel());
        assertEquals("stand-in@abc", verdict.model());
    }

    @Test
    void should_stay_finite_for_large_logits() {
        Verdict verdict = new VerdictPolicy(List.of("Real", "Fake"), "fake", 0.5, "m").decide(new float[] {1000f, 0f});

        assertEquals("Real", verdict.label());
        assertEquals(0.0, verdict.score(), 1e-12);
    }

    @Test
    void should_refuse_a_positive_label_the_model_does_not_have() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new VerdictPolicy(List.of("Real", "Fake"), "deepfake", 0.5, "m"));

        assertTrue(error.getMessage().contains("[Real, Fake]"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, 1.5})
    void should_refuse_a_threshold_outside_zero_to_one(double threshold) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new VerdictPolicy(List.of("Real", "Fake"), "fake", threshold, "m"));

        assertEquals("virtus.threshold must lie in [0, 1], got " + threshold, error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0})
    void should_accept_the_thresholds_zero_and_one(double threshold) {
        VerdictPolicy policy = new VerdictPolicy(List.of("Real", "Fake"), "fake", threshold, "m");

        assertEquals("Fake", policy.positiveLabel());
    }
}
