package dev.virtus.scan.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.model.Tag;

class MarkingTest {

    private static final String MODEL = "agasta/virtus@3f1c0d9e2a7b";
    private static final ContentBinding CONTENT = new ContentBinding("\"5d41402abc4b2a76b9719d911017c592\"", "v1.a_b");
    private static final Marking FAKE = new Marking("FAKE", 0.97312, MODEL, Instant.parse("2026-11-26T14:00:00.750Z"), CONTENT);

    @Test
    void should_write_entries_in_priority_order_with_the_content_judged() {
        assertEquals(List.of("deepfake-status", "deepfake-content", "deepfake-model", "deepfake-score", "deepfake-scanned-at"),
                List.copyOf(FAKE.entries("deepfake-").keySet()));
        assertEquals(Map.of("deepfake-status", "FAKE",
                "deepfake-content", "etag=5d41402abc4b2a76b9719d911017c592 version=v1.a_b",
                "deepfake-model", MODEL,
                "deepfake-score", "0.9731",
                "deepfake-scanned-at", "2026-11-26T14:00:00Z"), FAKE.entries("deepfake-"));
    }

    @Test
    void should_write_the_face_count_last() {
        Marking faces = new Marking("FAKE", 0.9, MODEL + "+faces-crop", Instant.EPOCH, new ContentBinding("abc", null), 3);

        assertEquals(List.of("deepfake-status", "deepfake-content", "deepfake-model", "deepfake-score", "deepfake-scanned-at",
                "deepfake-faces"), List.copyOf(faces.entries("deepfake-").keySet()));
        assertEquals("3", faces.entries("deepfake-").get("deepfake-faces"));
        assertEquals(MODEL + "+faces-crop", faces.entries("deepfake-").get("deepfake-model"));
    }

    @Test
    void should_write_the_provenance_summary_right_after_the_model() {
        Marking signed = new Marking("FAKE", 0.9, MODEL, Instant.EPOCH, new ContentBinding("abc", null), null, "ai-declared");

        assertEquals(List.of("deepfake-status", "deepfake-content", "deepfake-model", "deepfake-provenance", "deepfake-score",
                "deepfake-scanned-at"), List.copyOf(signed.entries("deepfake-").keySet()));
        assertEquals("ai-declared", signed.entries("deepfake-").get("deepfake-provenance"));
    }

    @Test
    void should_leave_out_the_score_when_there_is_no_verdict() {
        Marking error = new Marking("ERROR", null, MODEL, Instant.EPOCH, new ContentBinding("abc", null));

        assertEquals(List.of("deepfake-status", "deepfake-content", "deepfake-model", "deepfake-scanned-at"),
                List.copyOf(error.entries("deepfake-").keySet()));
        assertEquals("etag=abc", error.entries("deepfake-").get("deepfake-content"));
    }

    @Test
    void should_match_the_etag_whatever_the_version() {
        assertTrue(CONTENT.matches("etag=5d41402abc4b2a76b9719d911017c592"));
        assertTrue(CONTENT.matches("etag=5d41402abc4b2a76b9719d911017c592 version=other"));
        assertFalse(CONTENT.matches("etag=5d41402abc4b2a76b9719d911017c59"));
        assertFalse(CONTENT.matches("etag=5d41402abc4b2a76b9719d911017c5921"));
        assertFalse(CONTENT.matches("5d41402abc4b2a76b9719d911017c592"));
        assertFalse(CONTENT.matches(null));
    }

    @Test
    void should_count_only_a_final_verdict_of_the_same_model_for_the_same_content() {
        String content = CONTENT.value();
        assertEquals(Optional.of("FAKE"), read("FAKE", MODEL, content).finalVerdictFor(MODEL, CONTENT));
        assertEquals(Optional.of("UNSUPPORTED"), read("UNSUPPORTED", MODEL, content).finalVerdictFor(MODEL, CONTENT));
        assertEquals(Optional.empty(), read("ERROR", MODEL, content).finalVerdictFor(MODEL, CONTENT));
        assertEquals(Optional.empty(), read("", MODEL, content).finalVerdictFor(MODEL, CONTENT));
        assertEquals(Optional.empty(), read(null, MODEL, content).finalVerdictFor(MODEL, CONTENT));
        assertEquals(Optional.empty(), read("FAKE", "agasta/virtus@000000000000", content).finalVerdictFor(MODEL, CONTENT));
        assertEquals(Optional.empty(), read("FAKE", MODEL, "etag=0000").finalVerdictFor(MODEL, CONTENT));
        assertEquals(Optional.empty(), read("FAKE", MODEL, null).finalVerdictFor(MODEL, CONTENT));
    }

    @Test
    void should_compare_model_names_as_the_tags_carry_them() {
        String unsanitized = "team model (v2)#1";
        assertEquals("team model _v2__1", Marking.sanitize(unsanitized));
        assertEquals(Optional.of("REAL"), read("REAL", "team model _v2__1", CONTENT.value()).finalVerdictFor(unsanitized, CONTENT));
    }

    @Test
    void should_agree_only_with_the_same_status_model_and_score() {
        Map<String, String> entries = FAKE.entries("deepfake-");
        assertTrue(EarlierMarking.read(entries, "deepfake-").sameVerdictAs(FAKE, "deepfake-"));
        assertFalse(read("REAL", MODEL, CONTENT.value(), "0.9731").sameVerdictAs(FAKE, "deepfake-"));
        assertFalse(read("FAKE", "other@1", CONTENT.value(), "0.9731").sameVerdictAs(FAKE, "deepfake-"));
        assertFalse(read("FAKE", MODEL, CONTENT.value(), "0.9730").sameVerdictAs(FAKE, "deepfake-"));
        assertFalse(read("FAKE", MODEL, CONTENT.value(), null).sameVerdictAs(FAKE, "deepfake-"));
    }

    @Test
    void should_keep_every_user_tag_and_fit_ours_in_priority_order() {
        List<Tag> existing = List.of(tag("owner", "alice"), tag("deepfake-status", "REAL"), tag("deepfake-old", "x"));

        TagMerge.Result merged = TagMerge.merge(existing, FAKE.entries("deepfake-"), "deepfake-");

        assertEquals(List.of(tag("owner", "alice"), tag("deepfake-status", "FAKE"),
                tag("deepfake-content", "etag=5d41402abc4b2a76b9719d911017c592 version=v1.a_b"), tag("deepfake-model", MODEL),
                tag("deepfake-score", "0.9731"), tag("deepfake-scanned-at", "2026-11-26T14:00:00Z")), merged.tags());
        assertEquals(List.of(), merged.left());
    }

    @Test
    void should_leave_out_our_least_important_tags_at_s3s_limit() {
        List<Tag> eight = java.util.stream.IntStream.rangeClosed(1, 8).mapToObj(i -> tag("user-" + i, "v" + i)).toList();

        TagMerge.Result merged = TagMerge.merge(eight, FAKE.entries("deepfake-"), "deepfake-");

        assertEquals(TagMerge.S3_TAG_LIMIT, merged.tags().size());
        assertEquals(tag("deepfake-status", "FAKE"), merged.tags().get(8));
        assertEquals("deepfake-content", merged.tags().get(9).key());
        assertEquals(List.of("deepfake-model", "deepfake-score", "deepfake-scanned-at"), merged.left());
    }

    private static EarlierMarking read(String status, String model, String content) {
        return read(status, model, content, null);
    }

    private static EarlierMarking read(String status, String model, String content, String score) {
        return new EarlierMarking(status, model, content, score);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
