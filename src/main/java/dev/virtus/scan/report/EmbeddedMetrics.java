package dev.virtus.scan.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.virtus.scan.fetch.UnreadableObjectException;

/**
 * CloudWatch Embedded Metric Format documents for scanned objects: {@code ObjectsScanned} by
 * {@code Status}, the latency of each stage and the object's size, and {@code ObjectsOutOfReach} by
 * {@code Storage} ({@code SSE_C}, {@code ARCHIVED}, {@code KMS_KEY}) for objects their uploader stored where
 * the scanner cannot read them: counted apart from both {@code ERROR} and images that do not decode. Written as one JSON line to
 * standard output, where Lambda hands it to CloudWatch Logs, which extracts the metrics.
 */
public final class EmbeddedMetrics {

    public static final String OBJECTS_SCANNED = "ObjectsScanned";
    public static final String STATUS = "Status";
    public static final String OBJECTS_OUT_OF_REACH = "ObjectsOutOfReach";
    public static final String STORAGE = "Storage";

    private final String namespace;

    public EmbeddedMetrics(String namespace) {
        this.namespace = namespace;
    }

    /** The EMF document of one scanned object, to which the reporter adds the result itself. */
    public Map<String, Object> document(Scanned scanned, Trigger trigger) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<Map<String, String>> latency = new ArrayList<>();
        var verdict = scanned.verdict();
        if (scanned.fetchMs() > 0) {
            latency.add(metric("FetchMilliseconds", "Milliseconds"));
            values.put("FetchMilliseconds", scanned.fetchMs());
        }
        if (verdict != null && verdict.timings() != null) {
            latency.add(metric("DecodeMilliseconds", "Milliseconds"));
            latency.add(metric("PreprocessMilliseconds", "Milliseconds"));
            latency.add(metric("InferenceMilliseconds", "Milliseconds"));
            values.put("DecodeMilliseconds", verdict.timings().decodeMs());
            values.put("PreprocessMilliseconds", verdict.timings().preprocessMs());
            values.put("InferenceMilliseconds", verdict.timings().inferenceMs());
        }
        if (scanned.bytes() >= 0) {
            latency.add(metric("ObjectBytes", "Bytes"));
            values.put("ObjectBytes", scanned.bytes());
        }
        List<Map<String, Object>> directives = new ArrayList<>();
        directives.add(Map.of("Namespace", namespace, "Dimensions", List.of(List.of(STATUS)),
                "Metrics", List.of(metric(OBJECTS_SCANNED, "Count"))));
        if (!latency.isEmpty()) {
            directives.add(Map.of("Namespace", namespace, "Dimensions", List.of(List.of()), "Metrics", latency));
        }
        Optional<UnreadableObjectException.Kind> outOfReach = UnreadableObjectException.kindOf(scanned.result().reason());
        if (outOfReach.isPresent()) {
            directives.add(Map.of("Namespace", namespace, "Dimensions", List.of(List.of(STORAGE)),
                    "Metrics", List.of(metric(OBJECTS_OUT_OF_REACH, "Count"))));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_aws", Map.of("Timestamp", scanned.scannedAt().toEpochMilli(), "CloudWatchMetrics", directives));
        document.put(STATUS, scanned.result().status());
        document.put(OBJECTS_SCANNED, 1);
        outOfReach.ifPresent(kind -> {
            document.put(STORAGE, kind.name());
            document.put(OBJECTS_OUT_OF_REACH, 1);
        });
        document.putAll(values);
        document.put("trigger", trigger.value());
        if (verdict != null && verdict.frames() != null) {
            // an animated image: how many frames, how many judged, which decided
            document.put("frames", verdict.frames());
        }
        return document;
    }

    private static Map<String, String> metric(String name, String unit) {
        return Map.of("Name", name, "Unit", unit);
    }
}
