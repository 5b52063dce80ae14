package dev.virtus.scan.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

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
    void should_choose_the_positive_label_at_the_threshold() {
        VerdictPolicy strict = new VerdictPolicy(List.of("Real", "Fake"), "fake", 0.75, "m");

        assertEquals("Fake", strict.decide(new float[] {0, LN3 + 1e-6f}).label());
        assertEquals("Real", strict.decide(new float[] {0, LN3 - 1e-3f}).label());
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

    @Test
    void should_refuse_a_threshold_outside_zero_to_one() {
        assertThrows(IllegalArgumentException.class, () -> new VerdictPolicy(List.of("Real", "Fake"), "fake", 1.5, "m"));
    }
}
