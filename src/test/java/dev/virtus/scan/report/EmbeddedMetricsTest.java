package dev.virtus.scan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.FrameReport;
import dev.virtus.scan.classify.Timings;
import dev.virtus.scan.report.ScanResult;

/** The lines on standard output against the Embedded Metric Format specification's required fields. */
class EmbeddedMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-26T14:00:00.250Z");
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
            "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
            "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second",
            "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None");

    private static List<JsonNode> lines(Scanned... scans) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ScanReporter(JSON, new EmbeddedMetrics("VirtusScan"), new PrintStream(out, true, StandardCharsets.UTF_8), null)
                .report(Trigger.UPLOAD, List.of(scans));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** The specification's rules: _aws with an epoch-millisecond Timestamp and CloudWatchMetrics directives whose
     * dimensions and metrics name members of the root, dimensions as strings and metrics as numbers. */
    private static void assertValidEmf(JsonNode document) {
        JsonNode aws = document.path("_aws");
        assertTrue(aws.path("Timestamp").isIntegralNumber(), document.toString());
        assertTrue(aws.path("CloudWatchMetrics").isArray() && aws.path("CloudWatchMetrics").size() > 0, document.toString());
        Set<String> names = new HashSet<>();
        for (JsonNode directive : aws.path("CloudWatchMetrics")) {
            assertTrue(directive.path("Namespace").isTextual() && !directive.path("Namespace").asText().isEmpty());
            assertTrue(directive.path("Dimensions").isArray());
            for (JsonNode set : directive.path("Dimensions")) {
                assertTrue(set.isArray() && set.size() <= 30, set.toString());
                set.forEach(key -> assertTrue(document.path(key.asText()).isTextual(), "dimension " + key + " in " + document));
            }
            assertTrue(directive.path("Metrics").isArray() && directive.path("Metrics").size() <= 100);
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                assertTrue(!name.isEmpty() && names.add(name), "metric names are unique: " + name);
                assertTrue(document.path(name).isNumber(), "metric " + name + " has a value in " + document);
                assertTrue(!metric.has("Unit") || UNITS.contains(metric.path("Unit").asText()), metric.toString());
            }
        }
    }

    @Test
    void should_log_how_an_animated_images_frames_were_judged() throws Exception {
        ScanResult fake = new ScanResult("uploads", "a.gif", "v1", "e1", "FAKE", 0.9, "Fake", "m@1", true, null, 150);
        ClassificationResult animated = new ClassificationResult("FAKE", "Fake", 0.9, Map.of("Real", 0.1, "Fake", 0.9), "m@1",
                10, 10, null, new Timings(1.5, 2.5, 100.25), null, new FrameReport(3, 3, 1), null, null);
        ClassificationResult still = new ClassificationResult("FAKE", "Fake", 0.9, Map.of("Real", 0.1, "Fake", 0.9), "m@1",
                10, 10, null, new Timings(1.5, 2.5, 100.25));

        List<JsonNode> lines = lines(new Scanned(fake, animated, AT, 12.5, 2048), new Scanned(fake, still, AT, 12.5, 2048));

        lines.forEach(EmbeddedMetricsTest::assertValidEmf);
        assertEquals("{\"count\":3,\"judged\":3,\"decidedBy\":1}", lines.get(0).path("frames").toString());
        assertTrue(lines.get(1).path("frames").isMissingNode(), lines.get(1).toString());
    }

    @Test
    void should_write_one_valid_document_per_object_with_its_status_and_stage_latencies() throws Exception {
        ScanResult fake = new ScanResult("uploads", "a.png", "v1", "e1", "FAKE", 0.9, "Fake", "m@1", true, null, 150);
        ClassificationResult verdict = new ClassificationResult("FAKE", "Fake", 0.9, Map.of("Real", 0.1, "Fake", 0.9), "m@1", 10, 10, null,
                new Timings(1.5, 2.5, 100.25));
        ScanResult skipped = new ScanResult("uploads", "b.png", null, null, "SKIPPED", null, null, "m@1", null, "ruled out", 1);

        List<JsonNode> lines;
        org.jboss.logging.MDC.put("AWSRequestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        try {
            lines = lines(new Scanned(fake, verdict, AT, 12.5, 2048), new Scanned(skipped, null, AT, 0, -1));
        } finally {
            org.jboss.logging.MDC.remove("AWSRequestId");
        }

        assertEquals(2, lines.size());
        lines.forEach(EmbeddedMetricsTest::assertValidEmf);
        JsonNode first = lines.get(0);
        assertEquals(AT.toEpochMilli(), first.path("_aws").path("Timestamp").asLong());
        assertEquals("VirtusScan", first.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText());
        assertEquals("[[\"Status\"]]", first.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        assertEquals("FAKE", first.path("Status").asText());
        assertEquals(1, first.path("ObjectsScanned").asInt());
        assertEquals(12.5, first.path("FetchMilliseconds").asDouble());
        assertEquals(1.5, first.path("DecodeMilliseconds").asDouble());
        assertEquals(2.5, first.path("PreprocessMilliseconds").asDouble());
        assertEquals(100.25, first.path("InferenceMilliseconds").asDouble());
        assertEquals(2048, first.path("ObjectBytes").asLong());
        assertEquals("upload", first.path("trigger").asText());
        assertEquals("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", first.path("requestId").asText(), "the Lambda request id rides along");
        assertEquals("v1", first.path("result").path("versionId").asText());
        assertEquals(true, first.path("result").path("recorded").asBoolean());
        JsonNode second = lines.get(1);
        assertEquals("SKIPPED", second.path("Status").asText());
        assertEquals(1, second.path("_aws").path("CloudWatchMetrics").size(), "nothing but the count for an object never read");
    }

    @Test
    void should_count_an_object_stored_out_of_reach_by_its_storage_apart_from_errors_and_undecodable_images() throws Exception {
        ScanResult archived = new ScanResult("uploads", "a.png", "v1", "e1", "UNSUPPORTED", null, null, "m@1", true,
                "ARCHIVED: s3://uploads/a.png is archived (storage class GLACIER)", 3);
        ScanResult undecodable = new ScanResult("uploads", "b.png", "v1", "e2", "UNSUPPORTED", null, null, "m@1", true,
                "TRUNCATED: the PNG image ends early", 3);

        List<JsonNode> lines = lines(new Scanned(archived, null, AT, 0, 10), new Scanned(undecodable, null, AT, 0, 10));

        lines.forEach(EmbeddedMetricsTest::assertValidEmf);
        assertEquals("ARCHIVED", lines.get(0).path("Storage").asText());
        assertEquals(1, lines.get(0).path("ObjectsOutOfReach").asInt());
        assertTrue(lines.get(0).path("_aws").path("CloudWatchMetrics").toString().contains("[[\"Storage\"]]"), lines.get(0).toString());
        assertTrue(lines.get(1).path("ObjectsOutOfReach").isMissingNode(), lines.get(1).toString());
    }
}
