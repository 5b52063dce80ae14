package dev.virtus.scan.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.fetch.S3ObjectId;
import software.amazon.awssdk.services.s3.model.Tag;

class MarkingTest {

    private static final String MODEL = "agasta/virtus@3f1c0d9e2a7b";
    private static final ContentBinding CONTENT = new ContentBinding("\"5d41402abc4b2a76b9719d911017c592\"", "v1.a_b");
    private static final Marking FAKE = new Marking("FAKE", 0.97312, MODEL, Instant.parse("2026-11-26T14:00:00.750Z"), CONTENT);
    private static final String SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    private static final S3ObjectId OBJECT = new S3ObjectId("uploads", "photos/cat.png", "v1.a_b");
    private static final MarkingSeal SEAL = new MarkingSeal(VirtusConfigs.MARKING_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Test
    void should_write_entries_in_priority_order_with_the_content_judged() {
        assertEquals(List.of("deepfake-status", "deepfake-content", "deepfake-model", "deepfake-score", "deepfake-scanned-at"),
                List.copyOf(FAKE.entries("deepfake-", "MAC").keySet()));
        assertEquals(Map.of("deepfake-status", "FAKE",
                "deepfake-content", "version=v1.a_b mac=MAC",
                "deepfake-model", MODEL,
                "deepfake-score", "0.9731",
                "deepfake-scanned-at", "2026-11-26T14:00:00Z"), FAKE.entries("deepfake-", "MAC"));
    }

    @Test
    void should_write_the_face_count_last() {
        Marking faces = new Marking("FAKE", 0.9, MODEL + "+faces-crop", Instant.EPOCH, new ContentBinding("abc", null), 3);

        assertEquals(List.of("deepfake-status", "deepfake-content", "deepfake-model", "deepfake-score", "deepfake-scanned-at",
                "deepfake-faces"), List.copyOf(faces.entries("deepfake-", "m").keySet()));
        assertEquals("3", faces.entries("deepfake-", "m").get("deepfake-faces"));
        assertEquals(MODEL + "+faces-crop", faces.entries("deepfake-", "m").get("deepfake-model"));
    }

    @Test
    void should_write_the_provenance_summary_right_after_the_model() {
        Marking signed = new Marking("FAKE", 0.9, MODEL, Instant.EPOCH, new ContentBinding("abc", null), null, "ai-declared");

        assertEquals(List.of("deepfake-status", "deepfake-content", "deepfake-model", "deepfake-provenance", "deepfake-score",
                "deepfake-scanned-at"), List.copyOf(signed.entries("deepfake-", "m").keySet()));
        assertEquals("ai-declared", signed.entries("deepfake-", "m").get("deepfake-provenance"));
    }

    @Test
    void should_leave_out_the_score_when_there_is_no_verdict() {
        Marking error = new Marking("ERROR", null, MODEL, Instant.EPOCH, new ContentBinding("abc", null));

        assertEquals(List.of("deepfake-status", "deepfake-content", "deepfake-model", "deepfake-scanned-at"),
                List.copyOf(error.entries("deepfake-", "m").keySet()));
        assertEquals("etag=abc mac=m", error.entries("deepfake-", "m").get("deepfake-content"));
    }

    @Test
    void should_bind_a_version_by_its_id_and_unversioned_bytes_by_their_digest_never_by_the_etag() {
        assertEquals("version=v1.a_b", CONTENT.value());
        assertEquals("version=v1.a_b", CONTENT.withDigest(SHA256).value(), "a version id names the bytes for good");
        ContentBinding unversioned = new ContentBinding("\"5d41402abc4b2a76b9719d911017c592\"", null);
        assertEquals("etag=5d41402abc4b2a76b9719d911017c592", unversioned.value());
        assertFalse(unversioned.provable(), "an MD5 names no bytes an attacker cannot choose");
        assertEquals("sha256=" + SHA256, unversioned.withDigest(SHA256).value());
        assertTrue(unversioned.withDigest(SHA256).provable());
    }

    @Test
    void should_count_only_our_own_final_verdict_of_the_same_model_for_the_same_content() {
        String content = CONTENT.value();
        assertEquals(Optional.of("FAKE"), sealed("FAKE", MODEL, CONTENT).finalVerdictFor(MODEL, CONTENT, OBJECT, SEAL));
        assertEquals(Optional.of("UNSUPPORTED"), sealed("UNSUPPORTED", MODEL, CONTENT).finalVerdictFor(MODEL, CONTENT, OBJECT, SEAL));
        assertEquals(Optional.empty(), sealed("ERROR", MODEL, CONTENT).finalVerdictFor(MODEL, CONTENT, OBJECT, SEAL));
        assertEquals(Optional.empty(), read("", MODEL, content).finalVerdictFor(MODEL, CONTENT, OBJECT, SEAL));
        assertEquals(Optional.empty(), read(null, MODEL, content).finalVerdictFor(MODEL, CONTENT, OBJECT, SEAL));
        assertEquals(Optional.empty(), sealed("FAKE", "agasta/virtus@000000000000", CONTENT).finalVerdictFor(MODEL, CONTENT, OBJECT, SEAL));
        assertEquals(Optional.empty(), sealed("FAKE", MODEL, new ContentBinding("abc", "v2")).finalVerdictFor(MODEL, CONTENT, OBJECT, SEAL),
                "another version's marking, carried over");
        assertEquals(Optional.empty(), read("FAKE", MODEL, null).finalVerdictFor(MODEL, CONTENT, OBJECT, SEAL));
        ContentBinding byETag = new ContentBinding("abc", null);
        assertEquals(Optional.empty(), sealed("FAKE", MODEL, byETag).finalVerdictFor(MODEL, byETag, OBJECT, SEAL),
                "a marking bound by its ETag alone is never final, even our own");
    }

    @Test
    void should_not_believe_a_marking_whose_mac_is_missing_wrong_or_made_for_other_fields() {
        ContentBinding digest = new ContentBinding("abc", null, SHA256);
        S3ObjectId unversioned = new S3ObjectId("uploads", "photos/cat.png", null);
        String mac = SEAL.sign(unversioned, digest.value(), "REAL", MODEL, "0.1000");
        EarlierMarking ours = new EarlierMarking("REAL", MODEL, digest.value() + " mac=" + mac, "0.1000");
        assertEquals(Optional.of("REAL"), ours.finalVerdictFor(MODEL, digest, unversioned, SEAL));

        assertEquals(Optional.empty(), new EarlierMarking("REAL", MODEL, digest.value(), "0.1000").finalVerdictFor(MODEL, digest, unversioned, SEAL),
                "no MAC");
        assertEquals(Optional.empty(), new EarlierMarking("REAL", MODEL, digest.value() + " mac=" + mac.replace(mac.charAt(0), mac.charAt(0) == 'A' ? 'B' : 'A'),
                "0.1000").finalVerdictFor(MODEL, digest, unversioned, SEAL), "a wrong MAC");
        assertEquals(Optional.empty(), new EarlierMarking("FAKE", MODEL, digest.value() + " mac=" + mac, "0.1000")
                .finalVerdictFor(MODEL, digest, unversioned, SEAL), "another status under our MAC");
        assertEquals(Optional.empty(), new EarlierMarking("REAL", MODEL, digest.value() + " mac=" + mac, "0.1001")
                .finalVerdictFor(MODEL, digest, unversioned, SEAL), "another score under our MAC");
        assertEquals(Optional.empty(), ours.finalVerdictFor(MODEL, digest, new S3ObjectId("uploads", "photos/dog.png", null), SEAL),
                "our marking copied onto another key");
        assertEquals(Optional.empty(), ours.finalVerdictFor(MODEL, digest, unversioned,
                new MarkingSeal("another-key-of-at-least-32-bytes-long".getBytes(java.nio.charset.StandardCharsets.UTF_8))), "another key");
    }

    @Test
    void should_refuse_a_marking_key_shorter_than_32_bytes() {
        assertThrows(IllegalArgumentException.class, () -> new MarkingSeal(new byte[31]));
    }

    @Test
    void should_compare_model_names_as_the_tags_carry_them() {
        String unsanitized = "team model (v2)#1";
        assertEquals("team model _v2__1", Marking.sanitize(unsanitized));
        assertEquals(Optional.of("REAL"), sealed("REAL", unsanitized, CONTENT).finalVerdictFor(unsanitized, CONTENT, OBJECT, SEAL));
    }

    @Test
    void should_agree_only_with_the_same_status_model_and_score() {
        Map<String, String> entries = FAKE.entries("deepfake-", "m");
        assertTrue(EarlierMarking.read(entries, "deepfake-").sameVerdictAs(FAKE));
        assertFalse(read("REAL", MODEL, CONTENT.value(), "0.9731").sameVerdictAs(FAKE));
        assertFalse(read("FAKE", "other@1", CONTENT.value(), "0.9731").sameVerdictAs(FAKE));
        assertFalse(read("FAKE", MODEL, CONTENT.value(), "0.9730").sameVerdictAs(FAKE));
        assertFalse(read("FAKE", MODEL, CONTENT.value(), null).sameVerdictAs(FAKE));
    }

    @Test
    void should_keep_every_user_tag_and_fit_ours_in_priority_order() {
        List<Tag> existing = List.of(tag("owner", "alice"), tag("deepfake-status", "REAL"), tag("deepfake-old", "x"));

        TagMerge.Result merged = TagMerge.merge(existing, FAKE.entries("deepfake-", "m"), "deepfake-");

        assertEquals(List.of(tag("owner", "alice"), tag("deepfake-status", "FAKE"),
                tag("deepfake-content", "version=v1.a_b mac=m"), tag("deepfake-model", MODEL),
                tag("deepfake-score", "0.9731"), tag("deepfake-scanned-at", "2026-11-26T14:00:00Z")), merged.tags());
        assertEquals(List.of(), merged.left());
    }

    @Test
    void should_leave_out_our_least_important_tags_at_s3s_limit() {
        List<Tag> eight = java.util.stream.IntStream.rangeClosed(1, 8).mapToObj(i -> tag("user-" + i, "v" + i)).toList();

        TagMerge.Result merged = TagMerge.merge(eight, FAKE.entries("deepfake-", "m"), "deepfake-");

        assertEquals(TagMerge.S3_TAG_LIMIT, merged.tags().size());
        assertEquals(tag("deepfake-status", "FAKE"), merged.tags().get(8));
        assertEquals("deepfake-content", merged.tags().get(9).key());
        assertEquals(List.of("deepfake-model", "deepfake-score", "deepfake-scanned-at"), merged.left());
    }

    /** Our marking as the scanner writes it for {@link #OBJECT}. */
    private static EarlierMarking sealed(String status, String model, ContentBinding content) {
        Marking marking = new Marking(status, 0.5, model, Instant.EPOCH, content);
        String mac = SEAL.sign(OBJECT, content.value(), status, Marking.sanitize(model), marking.scoreText());
        return EarlierMarking.read(marking.entries("deepfake-", mac), "deepfake-");
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
