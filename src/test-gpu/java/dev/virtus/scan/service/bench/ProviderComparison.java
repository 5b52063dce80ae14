package dev.virtus.scan.service.bench;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Compares two {@code /classify} answers for one image, one from each execution provider (bench/gpu-check.sh):
 * the same status and label, and every probability within {@code -Dtolerance} (default 1e-3; CUDA's kernels
 * sum in another order than the CPU's, so the answers are close, not equal). Exits 1 when they differ.
 */
public final class ProviderComparison {

    private ProviderComparison() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(Path.of(args[0]).toFile());
        JsonNode second = json.readTree(Path.of(args[1]).toFile());
        double tolerance = Double.parseDouble(System.getProperty("tolerance", "1e-3"));
        String difference = difference(first, second, tolerance);
        System.out.printf("%-10s %-6s %s%n", args[0], first.path("label").asText(), first.path("probabilities"));
        System.out.printf("%-10s %-6s %s%n", args[1], second.path("label").asText(), second.path("probabilities"));
        if (difference != null) {
            System.out.println("DIFFERENT: " + difference);
            System.exit(1);
        }
        System.out.printf("SAME: status, label, and probabilities within %.0e%n", tolerance);
    }

    /** Why the two answers differ, or null when they agree. */
    static String difference(JsonNode first, JsonNode second, double tolerance) {
        for (String field : new String[] {"status", "label"}) {
            if (!first.path(field).equals(second.path(field))) {
                return field + " " + first.path(field) + " vs " + second.path(field);
            }
        }
        JsonNode probabilities = first.path("probabilities");
        if (probabilities.isEmpty() || probabilities.size() != second.path("probabilities").size()) {
            return "probabilities missing or of other labels: " + first + " vs " + second;
        }
        for (Iterator<Map.Entry<String, JsonNode>> labels = probabilities.fields(); labels.hasNext();) {
            Map.Entry<String, JsonNode> label = labels.next();
            JsonNode other = second.path("probabilities").path(label.getKey());
            if (!other.isNumber() || Math.abs(label.getValue().asDouble() - other.asDouble()) > tolerance) {
                return "probability of " + label.getKey() + " " + label.getValue() + " vs " + other;
            }
        }
        return null;
    }
}
