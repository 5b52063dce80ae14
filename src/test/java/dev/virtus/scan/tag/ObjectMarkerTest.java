package dev.virtus.scan.tag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.fetch.S3ObjectId;
import dev.virtus.scan.s3.EmbeddedS3;
import dev.virtus.scan.tag.Recording.Outcome;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;

/** Tags and metadata written against the embedded S3 server, in a versioned and an unversioned bucket. */
class ObjectMarkerTest {

    private static final String VERSIONED = "object-marker-versioned";
    private static final String UNVERSIONED = "object-marker-unversioned";
    private static final String MODEL = "stand-in/test@000000000000";
    private static final Instant SCANNED_AT = Instant.parse("2026-12-03T07:00:00Z");

    private static final List<CopyObjectRequest> COPIES = new CopyOnWriteArrayList<>();

    private static S3Client s3;
    private static ObjectMarker marker;

    /** Records each CopyObject request as sent: the embedded server keeps a copy's storage class and encryption anyway. */
    private static final class CopyRecorder implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof CopyObjectRequest copy) {
                COPIES.add(copy);
            }
        }
    }

    @BeforeAll
    static void createBuckets() {
        s3 = EmbeddedS3.bucket(VERSIONED, true);
        EmbeddedS3.bucket(UNVERSIONED, false);
        marker = new ObjectMarker(EmbeddedS3.client(EmbeddedS3.proxyEndpoint(), new CopyRecorder()), VirtusConfigs.of());
    }

    @AfterEach
    void clearFaults() {
        EmbeddedS3.faults().clearFaults();
        COPIES.clear();
    }

    private record Uploaded(S3ObjectId id, ContentBinding content) {
    }

    private static Uploaded upload(String bucket, String key, String body, Tag... tags) {
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key).tagging(software.amazon.awssdk.services.s3.model.Tagging
                .builder().tagSet(tags).build()), RequestBody.fromString(body));
        return new Uploaded(new S3ObjectId(bucket, key, put.versionId()), new ContentBinding(put.eTag(), put.versionId()));
    }

    private static final MarkingSeal SEAL = new MarkingSeal(VirtusConfigs.MARKING_KEY.getBytes(StandardCharsets.UTF_8));

    /** Our entries as the marker writes them onto {@code id}, MAC included. */
    private static Map<String, String> ours(S3ObjectId id, Marking marking) {
        return marking.entries("deepfake-", SEAL.sign(id, marking.content().value(), marking.status(), Marking.sanitize(marking.model()),
                marking.scoreText()));
    }

    private static Marking fake(ContentBinding content) {
        return new Marking("FAKE", 0.9, MODEL, SCANNED_AT, content);
    }

    private static Map<String, String> tags(S3ObjectId id) {
        Map<String, String> tags = new LinkedHashMap<>();
        s3.getObjectTagging(b -> b.bucket(id.bucket()).key(id.key()).versionId(id.versionId())).tagSet()
                .forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Test
    void should_add_our_tags_to_the_users_on_the_version_judged() {
        Uploaded object = upload(VERSIONED, "tags/owned.png", "judged", tag("owner", "alice"));
        upload(VERSIONED, "tags/owned.png", "newer");

        Recording recording = marker.writeTags(object.id(), fake(object.content()));

        assertEquals(new Recording(Outcome.RECORDED, null), recording);
        Map<String, String> expected = new LinkedHashMap<>(Map.of("owner", "alice"));
        expected.putAll(ours(object.id(), fake(object.content())));
        assertEquals(expected, tags(object.id()));
        assertEquals(Optional.of("FAKE"), marker.finalVerdict(object.id(), MODEL, object.content()));
    }

    @Test
    void should_write_nothing_when_an_unversioned_object_changed_before_the_write() {
        Uploaded judged = upload(UNVERSIONED, "tags/changed.png", "judged");
        upload(UNVERSIONED, "tags/changed.png", "newer");

        Recording recording = marker.writeTags(judged.id(), fake(judged.content()));

        assertEquals(new Recording(Outcome.SUPERSEDED, "the object changed or was deleted after it was read; its own event scans it"),
                recording);
        assertEquals(Map.of(), tags(judged.id()));
    }

    @Test
    void should_write_nothing_when_an_unversioned_object_was_deleted() {
        Uploaded judged = upload(UNVERSIONED, "tags/deleted.png", "judged");
        s3.deleteObject(b -> b.bucket(UNVERSIONED).key("tags/deleted.png"));

        assertEquals(Outcome.SUPERSEDED, marker.writeTags(judged.id(), fake(judged.content())).outcome());
    }

    @Test
    void should_write_nothing_when_the_version_judged_was_deleted() {
        Uploaded judged = upload(VERSIONED, "tags/version-deleted.png", "judged");
        s3.deleteObject(b -> b.bucket(VERSIONED).key("tags/version-deleted.png").versionId(judged.id().versionId()));

        assertEquals(new Recording(Outcome.SUPERSEDED, "the object was deleted after it was read"),
                marker.writeTags(judged.id(), fake(judged.content())));
    }

    @Test
    void should_tag_an_unchanged_unversioned_object() {
        Uploaded judged = upload(UNVERSIONED, "tags/unchanged.png", "judged", tag("owner", "bob"));

        assertEquals(Outcome.RECORDED, marker.writeTags(judged.id(), fake(judged.content())).outcome());
        assertEquals("FAKE", tags(judged.id()).get("deepfake-status"));
        assertEquals("bob", tags(judged.id()).get("owner"));
    }

    @Test
    void should_take_our_tags_off_content_that_replaced_the_judged_before_the_write_keeping_the_users() {
        Uploaded judged = upload(UNVERSIONED, "tags/raced.png", "judged", tag("owner", "carol"));
        overwriteRightBeforeTheTagWrite("tags/raced.png");

        Recording recording = marker.writeTags(judged.id(), fake(judged.content()));

        assertEquals(new Recording(Outcome.SUPERSEDED,
                "the object was overwritten while its tags were written; they were taken off the newer content"), recording);
        assertEquals(Map.of("owner", "carol"), tags(judged.id()));
    }

    @Test
    void should_take_every_tag_off_newer_content_when_the_user_had_none() {
        Uploaded judged = upload(UNVERSIONED, "tags/raced-untagged.png", "judged");
        overwriteRightBeforeTheTagWrite("tags/raced-untagged.png");

        assertEquals(Outcome.SUPERSEDED, marker.writeTags(judged.id(), fake(judged.content())).outcome());
        assertEquals(Map.of(), tags(judged.id()));
    }

    /** After the ETag check and before our tag write reaches S3, the key gets new content (without tags). */
    private static void overwriteRightBeforeTheTagWrite(String key) {
        EmbeddedS3.faults().interleave(true, "PUT", "/" + key, "tagging", "", "PUT", "/" + UNVERSIONED + "/" + key,
                "newer".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void should_leave_the_status_out_when_the_user_has_ten_tags() {
        List<Tag> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(tag("user-" + i, "v"));
        }
        Uploaded object = upload(VERSIONED, "tags/ten.png", "judged", ten.toArray(Tag[]::new));

        Recording recording = marker.writeTags(object.id(), fake(object.content()));

        assertEquals(new Recording(Outcome.NOT_RECORDED,
                "the object has 10 tags of its own and S3 allows 10: no room for deepfake-status"), recording);
        assertEquals(10, tags(object.id()).size());
    }

    @Test
    void should_copy_the_object_onto_itself_with_our_metadata_keeping_everything_else() {
        byte[] body = "judged image".getBytes(StandardCharsets.US_ASCII);
        String versionId = s3.putObject(b -> b.bucket(VERSIONED).key("metadata/kept.png").contentType("image/png")
                .cacheControl("max-age=60").contentDisposition("inline").contentLanguage("en").metadata(Map.of("uploader", "dave",
                        "deepfake-status", "REAL"))
                .storageClass(StorageClass.STANDARD_IA).serverSideEncryption(ServerSideEncryption.AES256)
                .tagging("owner=dave"), RequestBody.fromBytes(body)).versionId();
        S3ObjectId id = new S3ObjectId(VERSIONED, "metadata/kept.png", versionId);
        HeadObjectResponse head = s3.headObject(b -> b.bucket(VERSIONED).key(id.key()).versionId(versionId));
        Marking marking = fake(new ContentBinding(head.eTag(), versionId));

        assertEquals(new Recording(Outcome.RECORDED, null), marker.writeMetadata(id, head, marking, false));

        HeadObjectResponse copy = s3.headObject(b -> b.bucket(VERSIONED).key(id.key()));
        Map<String, String> metadata = new LinkedHashMap<>(Map.of("uploader", "dave"));
        metadata.putAll(ours(id, marking));
        assertEquals(metadata, copy.metadata());
        assertEquals("image/png", copy.contentType());
        assertEquals("max-age=60", copy.cacheControl());
        assertEquals("inline", copy.contentDisposition());
        assertEquals("en", copy.contentLanguage());
        assertEquals(StorageClass.STANDARD_IA, copy.storageClass());
        assertEquals(ServerSideEncryption.AES256, copy.serverSideEncryption());
        // S3 itself resets both on a copy that does not name them
        CopyObjectRequest sent = COPIES.get(0);
        assertEquals(StorageClass.STANDARD_IA, sent.storageClass());
        assertEquals(ServerSideEncryption.AES256, sent.serverSideEncryption());
        assertEquals(head.eTag(), sent.copySourceIfMatch());
        assertEquals(Map.of("owner", "dave"), tags(new S3ObjectId(VERSIONED, id.key(), copy.versionId())));
        assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket(VERSIONED).key(id.key())).asByteArray());
        assertEquals("FAKE", marker.metadataMarking(copy).status());
    }

    @Test
    void should_name_neither_storage_class_nor_encryption_the_original_lacks() {
        Uploaded object = upload(VERSIONED, "metadata/plain.png", "judged");
        HeadObjectResponse head = HeadObjectResponse.builder().eTag(object.content().eTag()).metadata(Map.of()).build();

        assertEquals(Outcome.RECORDED, marker.writeMetadata(object.id(), head, fake(object.content()), false).outcome());

        CopyObjectRequest sent = COPIES.get(0);
        assertNull(sent.storageClass());
        assertNull(sent.serverSideEncryption());
        assertNull(sent.ssekmsKeyId());
    }

    @Test
    void should_also_tag_the_copy_when_asked() {
        Uploaded object = upload(VERSIONED, "metadata/both.png", "judged", tag("owner", "erin"));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(VERSIONED).key(object.id().key()).versionId(object.id().versionId()));

        assertEquals(Outcome.RECORDED, marker.writeMetadata(object.id(), head, fake(object.content()), true).outcome());

        HeadObjectResponse copy = s3.headObject(b -> b.bucket(VERSIONED).key(object.id().key()));
        Map<String, String> copyTags = tags(new S3ObjectId(VERSIONED, object.id().key(), copy.versionId()));
        assertEquals("FAKE", copy.metadata().get("deepfake-status"));
        assertEquals("FAKE", copyTags.get("deepfake-status"));
        assertEquals("erin", copyTags.get("owner"));
        assertTrue(copyTags.get("deepfake-content").startsWith("version=" + copy.versionId() + " mac="), "the copy's tags name the copy");
        assertEquals(ours(object.id(), fake(object.content())).get("deepfake-content"), tags(object.id()).get("deepfake-content"),
                "the version judged is tagged too, so a redelivery of its event skips it");
    }

    @Test
    void should_tag_only_the_version_judged_and_copy_nothing_when_a_newer_version_is_current() {
        Uploaded old = upload(VERSIONED, "metadata/old.png", "judged", tag("owner", "fay"));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(VERSIONED).key(old.id().key()).versionId(old.id().versionId()));
        Uploaded newer = upload(VERSIONED, "metadata/old.png", "newer");

        Recording recording = marker.writeMetadata(old.id(), head, fake(old.content()), true);

        assertEquals(Outcome.RECORDED, recording.outcome());
        assertTrue(recording.detail().startsWith("version " + old.id().versionId() + " is no longer the key's current one (now "
                + newer.id().versionId() + ")"), recording.detail());
        assertEquals(List.of(), COPIES, "an old version is never copied back over a newer one");
        HeadObjectResponse current = s3.headObject(b -> b.bucket(VERSIONED).key(old.id().key()));
        assertEquals(newer.id().versionId(), current.versionId());
        assertEquals(Optional.of("FAKE"), marker.finalVerdict(old.id(), MODEL, old.content()));
        assertEquals("fay", tags(old.id()).get("owner"));
    }

    @Test
    void should_tag_only_the_version_judged_when_the_key_was_deleted() {
        Uploaded old = upload(VERSIONED, "metadata/deleted.png", "judged");
        HeadObjectResponse head = s3.headObject(b -> b.bucket(VERSIONED).key(old.id().key()).versionId(old.id().versionId()));
        s3.deleteObject(b -> b.bucket(VERSIONED).key(old.id().key()));

        Recording recording = marker.writeMetadata(old.id(), head, fake(old.content()), false);

        assertTrue(recording.detail().contains("(deleted): only that version is tagged"), recording.detail());
        assertEquals(List.of(), COPIES, "a deletion is never undone");
        assertEquals(Optional.of("FAKE"), marker.finalVerdict(old.id(), MODEL, old.content()));
    }

    @Test
    void should_remove_forged_metadata_under_our_prefix_when_ours_does_not_fit() {
        Uploaded object = upload(VERSIONED, "metadata/forged-large.png", "judged");
        Map<String, String> forged = new LinkedHashMap<>(metadataOfBytes(2000));
        forged.put("deepfake-status", "REAL");
        s3.copyObject(b -> b.sourceBucket(VERSIONED).sourceKey(object.id().key()).destinationBucket(VERSIONED).destinationKey(object.id().key())
                .metadataDirective("REPLACE").metadata(forged));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(VERSIONED).key(object.id().key()));
        S3ObjectId judged = new S3ObjectId(VERSIONED, object.id().key(), head.versionId());

        Recording recording = marker.writeMetadata(judged, head, fake(new ContentBinding(head.eTag(), head.versionId())), false);

        assertEquals(Outcome.NOT_RECORDED, recording.outcome());
        assertTrue(recording.detail().contains("the upload's own deepfake-* metadata was removed"), recording.detail());
        HeadObjectResponse after = s3.headObject(b -> b.bucket(VERSIONED).key(object.id().key()));
        assertEquals(metadataOfBytes(2000), after.metadata(), "the user's metadata stays, the forged verdict goes");
    }

    @Test
    void should_copy_nothing_onto_content_other_than_judged() {
        Uploaded judged = upload(UNVERSIONED, "metadata/changed.png", "judged");
        HeadObjectResponse head = s3.headObject(b -> b.bucket(UNVERSIONED).key("metadata/changed.png"));
        upload(UNVERSIONED, "metadata/changed.png", "newer");

        assertEquals(new Recording(Outcome.SUPERSEDED, "the object changed or was deleted after it was read; its own event scans it"),
                marker.writeMetadata(judged.id(), head, fake(judged.content()), false));
        assertNull(s3.headObject(b -> b.bucket(UNVERSIONED).key("metadata/changed.png")).metadata().get("deepfake-status"));
    }

    private static Map<String, String> metadataOfBytes(int bytes) {
        // one user entry of exactly that many key and value bytes
        return Map.of("big", "x".repeat(bytes - 3));
    }

    @Test
    void should_refuse_metadata_past_s3s_limit_or_write_tags_instead() {
        Uploaded object = upload(VERSIONED, "metadata/large.png", "judged");
        Marking marking = fake(object.content());
        int ours = ours(object.id(), marking).entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        HeadObjectResponse full = HeadObjectResponse.builder().eTag(object.content().eTag()).metadata(metadataOfBytes(2048 - ours + 1))
                .build();

        assertEquals(new Recording(Outcome.NOT_RECORDED, "the object's metadata with ours would be 2049 bytes; S3 allows 2048"),
                marker.writeMetadata(object.id(), full, marking, false));
        assertEquals(new Recording(Outcome.RECORDED, "the object's metadata with ours would be 2049 bytes; S3 allows 2048 (tags written instead)"),
                marker.writeMetadata(object.id(), full, marking, true));
        assertEquals("FAKE", tags(object.id()).get("deepfake-status"));
    }

    @Test
    void should_copy_metadata_exactly_at_s3s_limit() {
        Uploaded object = upload(VERSIONED, "metadata/at-limit.png", "judged");
        Marking marking = fake(object.content());
        int ours = ours(object.id(), marking).entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        HeadObjectResponse atLimit = HeadObjectResponse.builder().eTag(object.content().eTag()).metadata(metadataOfBytes(2048 - ours))
                .build();

        assertEquals(Outcome.RECORDED, marker.writeMetadata(object.id(), atLimit, marking, false).outcome());
        assertEquals("FAKE", s3.headObject(b -> b.bucket(VERSIONED).key(object.id().key())).metadata().get("deepfake-status"));
    }
}
