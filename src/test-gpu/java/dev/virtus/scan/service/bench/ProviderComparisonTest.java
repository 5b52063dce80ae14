package dev.virtus.scan.service.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ProviderComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode answer(String label, double real) throws Exception {
        return JSON.readTree("{\"status\": \"" + label.toUpperCase() + "\", \"label\": \"" + label
                + "\", \"probabilities\": {\"Real\": " + real + ", \"Fake\": " + (1 - real) + "}}");
    }

    @Test
    void should_accept_probabilities_within_the_tolerance() throws Exception {
        assertNull(ProviderComparison.difference(answer("Real", 0.9094), answer("Real", 0.9100), 1e-3));
    }

    @Test
    void should_name_a_probability_beyond_the_tolerance() throws Exception {
        assertEquals("probability of Real 0.9094 vs 0.9105",
                ProviderComparison.difference(answer("Real", 0.9094), answer("Real", 0.9105), 1e-3));
    }

    @Test
    void should_name_a_different_label_first() throws Exception {
        assertEquals("status \"REAL\" vs \"FAKE\"", ProviderComparison.difference(answer("Real", 0.51), answer("Fake", 0.49), 1e-3));
    }

    @Test
    void should_refuse_answers_without_probabilities() throws Exception {
        JsonNode error = JSON.readTree("{\"status\": \"ERROR\"}");

        assertEquals("probabilities missing or of other labels: {\"status\":\"ERROR\"} vs {\"status\":\"ERROR\"}",
                ProviderComparison.difference(error, error, 1e-3));
    }
}
