package dev.virtus.scan.tag;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.fetch.S3ObjectId;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * Writes a {@link Marking} onto the content it judged: as tags merged with the user's, or as user metadata.
 * A tag write without a version id lands on whatever the key holds at that moment, so in a bucket without
 * versioning the object's ETag is checked right before writing and again right after; tags that landed on
 * newer content are taken off again.
 */
@ApplicationScoped
public class ObjectMarker {

    /** S3's limit on user-defined metadata: the UTF-8 bytes of every key and value together. */
    static final int S3_METADATA_LIMIT = 2048;

    private final S3Client s3;
    private final String prefix;

    public ObjectMarker(S3Client s3, VirtusConfig config) {
        this.s3 = s3;
        this.prefix = config.tags().prefix();
    }

    public String prefix() {
        return prefix;
    }

    /** Our entries among the object's tags. */
    public EarlierMarking taggedMarking(S3ObjectId id) {
        return EarlierMarking.read(asMap(tags(id)), prefix);
    }

    /** Our entries among the object's user metadata: what the object says, never evidence of a verdict. */
    public EarlierMarking metadataMarking(HeadObjectResponse head) {
        return EarlierMarking.read(head.metadata(), prefix);
    }

    /**
     * Replaces our tags on the content {@code marking} judged, keeping every tag of the user's as it is
     * right before the write (a change the user made during the scan is kept).
     */
    public Recording writeTags(S3ObjectId id, Marking marking) {
        boolean pinned = id.versionId() != null;
        if (!pinned && !isCurrent(id, marking.content())) {
            return Recording.superseded("the object changed or was deleted after it was read; its own event scans it");
        }
        List<Tag> existing;
        try {
            existing = tags(id);
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return Recording.superseded("the object was deleted after it was read");
            }
            throw e;
        }
        TagMerge.Result merged = TagMerge.merge(existing, marking.entries(prefix), prefix);
        if (merged.left().contains(prefix + Marking.STATUS)) {
            return Recording.notRecorded("the object has " + merged.tags().size() + " tags of its own and S3 allows "
                    + TagMerge.S3_TAG_LIMIT + ": no room for " + prefix + Marking.STATUS);
        }
        put(id, merged.tags());
        if (!pinned && !isCurrent(id, marking.content())) {
            takeOffNewerContent(id, marking.content());
            return Recording.superseded("the object was overwritten while its tags were written; they were taken off the newer content");
        }
        return Recording.recorded(merged.left().isEmpty() ? null
                : "S3's limit of " + TagMerge.S3_TAG_LIMIT + " tags left no room for " + merged.left());
    }

    /**
     * Copies the judged content onto itself with our entries added to its user metadata, keeping its content
     * type, headers, metadata, storage class, encryption and tags; with {@code alsoTags} our tags are then
     * merged into the copy's. The copy is conditional on the ETag judged, so it never carries the verdict
     * onto newer content.
     */
    public Recording writeMetadata(S3ObjectId id, HeadObjectResponse head, Marking marking, boolean alsoTags) {
        Map<String, String> metadata = new HashMap<>(head.metadata());
        metadata.keySet().removeIf(key -> key.startsWith(prefix));
        metadata.putAll(marking.entries(prefix));
        int size = metadata.entrySet().stream()
                .mapToInt(e -> e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length)
                .sum();
        if (size > S3_METADATA_LIMIT) {
            String tooLarge = "the object's metadata with ours would be " + size + " bytes; S3 allows " + S3_METADATA_LIMIT;
            if (alsoTags) {
                Recording tags = writeTags(id, marking);
                return new Recording(tags.outcome(), tooLarge + " (tags written instead)" + (tags.detail() == null ? "" : "; " + tags.detail()));
            }
            return Recording.notRecorded(tooLarge);
        }
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                .sourceBucket(id.bucket()).sourceKey(id.key()).sourceVersionId(id.versionId())
                .destinationBucket(id.bucket()).destinationKey(id.key())
                .copySourceIfMatch(head.eTag())
                .metadataDirective(MetadataDirective.REPLACE)
                .metadata(metadata)
                .contentType(head.contentType())
                .cacheControl(head.cacheControl())
                .contentDisposition(head.contentDisposition())
                .contentEncoding(head.contentEncoding())
                .contentLanguage(head.contentLanguage())
                .expires(head.expires());
        if (head.storageClass() != null && head.storageClass() != StorageClass.STANDARD) {
            copy.storageClass(head.storageClass());
        }
        if (head.serverSideEncryption() == ServerSideEncryption.AWS_KMS) {
            copy.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(head.ssekmsKeyId()).bucketKeyEnabled(head.bucketKeyEnabled());
        } else if (head.serverSideEncryption() != null) {
            copy.serverSideEncryption(head.serverSideEncryption());
        }
        copy.taggingDirective(TaggingDirective.COPY);
        String copyVersionId;
        try {
            copyVersionId = s3.copyObject(copy.build()).versionId();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                return Recording.superseded("the object changed or was deleted after it was read; its own event scans it");
            }
            throw e;
        }
        return alsoTags ? writeTags(new S3ObjectId(id.bucket(), id.key(), copyVersionId), marking) : Recording.recorded(null);
    }

    public List<Tag> tags(S3ObjectId id) {
        return s3.getObjectTagging(b -> b.bucket(id.bucket()).key(id.key()).versionId(id.versionId())).tagSet();
    }

    private boolean isCurrent(S3ObjectId id, ContentBinding content) {
        try {
            String eTag = s3.headObject(b -> b.bucket(id.bucket()).key(id.key())).eTag();
            return content.eTag().equals(ContentBinding.unquote(eTag));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Removes our entries from the key's current tags if they are the ones bound to {@code judged}. */
    private void takeOffNewerContent(S3ObjectId id, ContentBinding judged) {
        List<Tag> current;
        try {
            current = tags(id);
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return;
            }
            throw e;
        }
        if (judged.matches(asMap(current).get(prefix + Marking.CONTENT))) {
            List<Tag> users = current.stream().filter(tag -> !tag.key().startsWith(prefix)).toList();
            if (users.isEmpty()) {
                s3.deleteObjectTagging(b -> b.bucket(id.bucket()).key(id.key()));
            } else {
                put(id, users);
            }
        }
    }

    private void put(S3ObjectId id, List<Tag> tags) {
        s3.putObjectTagging(b -> b.bucket(id.bucket()).key(id.key()).versionId(id.versionId())
                .tagging(Tagging.builder().tagSet(tags).build()));
    }

    private static Map<String, String> asMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value()));
        return map;
    }
}
