package dev.virtus.scan.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.fetch.S3ObjectId;
import dev.virtus.scan.s3.EmbeddedS3;
import dev.virtus.scan.s3.Interleaved;
import dev.virtus.scan.tag.Recording.Outcome;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * A marking touches only our entries about the content it judged: what another scan wrote about newer content stays,
 * and every earlier entry of ours in the metadata goes, also the ones the new marking does not write.
 */
class ObjectMarkerOwnEntriesTest {

    private static final String UNVERSIONED = "object-marker-own-entries";
    private static final String VERSIONED = "object-marker-own-entries-versioned";
    private static final String MODEL = "stand-in/test@000000000000";
    private static final Instant SCANNED_AT = Instant.parse("2026-12-06T17:00:00Z");

    private static final Interleaved AFTER_OUR_TAG_WRITE = Interleaved.after(PutObjectTaggingRequest.class);

    private static S3Client s3;
    private static ObjectMarker marker;

    @BeforeAll
    static void createBuckets() {
        s3 = EmbeddedS3.bucket(UNVERSIONED, false);
        EmbeddedS3.bucket(VERSIONED, true);
        marker = new ObjectMarker(EmbeddedS3.client(EmbeddedS3.endpoint(), AFTER_OUR_TAG_WRITE), VirtusConfigs.of());
    }

    private static Map<String, String> currentTags(String bucket, String key) {
        return EmbeddedS3.tags(s3, bucket, key);
    }

    private static List<Tag> asTags(Map<String, String> entries) {
        return entries.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    @Test
    void should_leave_the_newer_uploads_own_verdict_when_our_tags_landed_on_newer_content() {
        String key = "race/own-verdict.png";
        String judgedETag = s3.putObject(b -> b.bucket(UNVERSIONED).key(key), RequestBody.fromString("judged")).eTag();
        ContentBinding judged = new ContentBinding(judgedETag, null).withDigest(sha256("judged"));
        Map<String, String> newersVerdict = new LinkedHashMap<>();
        // between our tag write and our re-check: a newer upload, and its own scan marks it
        AFTER_OUR_TAG_WRITE.once(() -> {
            String newerETag = s3.putObject(b -> b.bucket(UNVERSIONED).key(key), RequestBody.fromString("newer")).eTag();
            ContentBinding newer = new ContentBinding(newerETag, null).withDigest(sha256("newer"));
            newersVerdict.putAll(new Marking("REAL", 0.1, MODEL, SCANNED_AT, newer).entries("deepfake-", "its-own-mac"));
            newersVerdict.put("owner", "frank");
            s3.putObjectTagging(b -> b.bucket(UNVERSIONED).key(key).tagging(t -> t.tagSet(asTags(newersVerdict))));
        });

        Recording recording = marker.writeTags(new S3ObjectId(UNVERSIONED, key, null),
                new Marking("FAKE", 0.9, MODEL, SCANNED_AT, judged));

        assertEquals(Outcome.SUPERSEDED, recording.outcome());
        assertEquals(newersVerdict, currentTags(UNVERSIONED, key), "the newer content's own verdict is not ours to take off");
    }

    @Test
    void should_drop_every_earlier_entry_of_ours_from_the_metadata_also_those_the_new_marking_does_not_write() {
        String key = "metadata/leftovers.png";
        Map<String, String> earlier = new LinkedHashMap<>(Map.of("uploader", "grace"));
        String versionId = s3.putObject(b -> b.bucket(VERSIONED).key(key), RequestBody.fromString("judged")).versionId();
        HeadObjectResponse judged = s3.headObject(b -> b.bucket(VERSIONED).key(key).versionId(versionId));
        ContentBinding content = new ContentBinding(judged.eTag(), versionId);
        earlier.putAll(new Marking("FAKE", 0.97, MODEL + "+faces-crop", SCANNED_AT, content, 2).entries("deepfake-", "an-earlier-mac"));
        HeadObjectResponse head = judged.toBuilder().metadata(earlier).build();
        Marking unsupported = new Marking("UNSUPPORTED", null, MODEL, SCANNED_AT, content);

        assertEquals(Outcome.RECORDED, marker.writeMetadata(new S3ObjectId(VERSIONED, key, versionId), head, unsupported, false).outcome());

        Set<String> expected = new TreeSet<>(unsupported.entries("deepfake-", "its-mac").keySet());
        expected.add("uploader");
        HeadObjectResponse copy = s3.headObject(b -> b.bucket(VERSIONED).key(key));
        assertEquals(expected, new TreeSet<>(copy.metadata().keySet()), "no score or face count left from the earlier FAKE");
        assertEquals("UNSUPPORTED", copy.metadata().get("deepfake-status"));
        assertTrue(marker.metadataMarking(copy).sameVerdictAs(unsupported),
                "the copy's own event reads the verdict just written, and copies no more");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
