package dev.virtus.scan.tag;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.fetch.FetchException;
import dev.virtus.scan.fetch.S3ObjectId;
import dev.virtus.scan.fetch.S3ObjectReader;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * Writes a {@link Marking} onto the content it judged, sealed with the scanner's MAC: as tags merged with the
 * user's, or as user metadata. A tag write without a version id lands on whatever the key holds at that moment,
 * so in a bucket without versioning the key is checked right before writing (ETag) and right after (ETag, then
 * the SHA-256 of its bytes, since an ETag can be forged); tags that landed on other bytes are taken off again.
 * The copy that writes metadata is made only while the version judged is still the key's current one: an old
 * version is never copied back over a newer upload or a deletion.
 */
@ApplicationScoped
public class ObjectMarker {

    /** S3's limit on user-defined metadata: the UTF-8 bytes of every key and value together. */
    static final int S3_METADATA_LIMIT = 2048;

    private final S3Client s3;
    private final S3ObjectReader reader;
    private final String prefix;
    private final MarkingSeal seal;
    private final ServableStatus servable;

    /** Reads the marking key (once: the bean lives as long as the application). */
    public ObjectMarker(S3Client s3, VirtusConfig config) {
        this.s3 = s3;
        this.reader = new S3ObjectReader(s3, config);
        this.prefix = config.tags().prefix();
        this.seal = MarkingKeys.seal(config.marking());
        this.servable = new ServableStatus(s3, config.enforcement());
    }

    public String prefix() {
        return prefix;
    }

    /** Our own final verdict of {@code model} about exactly {@code current}, from the object's tags; empty when there is none. */
    public Optional<String> finalVerdict(S3ObjectId id, String model, ContentBinding current) {
        return taggedMarking(id).finalVerdictFor(model, current, id, seal);
    }

    /**
     * {@link #finalVerdict} for an unversioned object whose bytes were not read (a dry run): the digest the marking
     * names is taken as the object's, which only hashing its bytes would prove.
     */
    public Optional<String> claimedFinalVerdict(S3ObjectId id, String model, String eTag) {
        EarlierMarking earlier = taggedMarking(id);
        String digest = ContentBinding.claimedDigest(earlier.binding());
        return digest == null ? Optional.empty() : earlier.finalVerdictFor(model, new ContentBinding(eTag, null, digest), id, seal);
    }

    /** Our entries among the object's user metadata: what the object says, never evidence of a verdict. */
    public EarlierMarking metadataMarking(HeadObjectResponse head) {
        return EarlierMarking.read(head.metadata(), prefix);
    }

    /** Why a verdict of {@code status} must not be recorded as such on {@code id}; empty when it may. */
    public Optional<String> unservable(S3ObjectId id, String status) {
        return servable.refusal(id, status);
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
        TagMerge.Result merged = TagMerge.merge(existing, entries(id, marking), prefix);
        if (merged.left().contains(prefix + Marking.STATUS)) {
            return Recording.notRecorded("the object has " + merged.tags().size() + " tags of its own and S3 allows "
                    + TagMerge.S3_TAG_LIMIT + ": no room for " + prefix + Marking.STATUS);
        }
        put(id, merged.tags());
        if (!pinned && !holdsJudgedBytes(id, marking.content())) {
            takeOffOtherContent(id, marking.content());
            return Recording.superseded("the object was overwritten while its tags were written; they were taken off the newer content");
        }
        return Recording.recorded(merged.left().isEmpty() ? null
                : "S3's limit of " + TagMerge.S3_TAG_LIMIT + " tags left no room for " + merged.left());
    }

    /**
     * Copies the judged content onto itself with our entries added to its user metadata, keeping its content
     * type, headers, metadata, storage class, encryption and tags; with {@code alsoTags} our tags are then
     * merged into the copy's. The copy is conditional on the ETag judged and, in a versioned bucket, made only
     * while the version judged is the current one; the version judged is tagged too, so that a redelivery of
     * its event skips it. Where our entries do not fit, the upload's own entries under our prefix are removed
     * all the same: a forged {@code status} must not outlive the scan.
     */
    public Recording writeMetadata(S3ObjectId id, HeadObjectResponse head, Marking marking, boolean alsoTags) {
        Map<String, String> users = new HashMap<>(head.metadata());
        boolean forged = users.keySet().removeIf(key -> key.startsWith(prefix));
        Map<String, String> metadata = new HashMap<>(users);
        metadata.putAll(entries(id, marking));
        int size = metadata.entrySet().stream()
                .mapToInt(e -> e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length)
                .sum();
        if (size <= S3_METADATA_LIMIT) {
            return copyOntoItself(id, head, metadata, marking, alsoTags, null);
        }
        String tooLarge = "the object's metadata with ours would be " + size + " bytes; S3 allows " + S3_METADATA_LIMIT;
        if (forged) {
            return copyOntoItself(id, head, users, marking, alsoTags,
                    tooLarge + "; the upload's own " + prefix + "* metadata was removed" + (alsoTags ? " (tags written instead)" : ""));
        }
        if (alsoTags) {
            Recording tags = writeTags(id, marking);
            return new Recording(tags.outcome(), join(tooLarge + " (tags written instead)", tags.detail()));
        }
        return Recording.notRecorded(tooLarge);
    }

    /** @param withoutVerdict null when {@code metadata} holds our entries, else why it does not */
    private Recording copyOntoItself(S3ObjectId id, HeadObjectResponse head, Map<String, String> metadata, Marking marking,
            boolean alsoTags, String withoutVerdict) {
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
                .expires(head.expires())
                .taggingDirective(TaggingDirective.COPY);
        if (id.versionId() != null) {
            Optional<HeadObjectResponse> current = currentVersion(id);
            if (current.isEmpty() || !id.versionId().equals(current.get().versionId())) {
                Recording tags = writeTags(id, marking);
                return new Recording(tags.outcome(), join("version " + id.versionId() + " is no longer the key's current one ("
                        + current.map(h -> "now " + h.versionId()).orElse("deleted") + "): only that version is tagged, it is not copied back",
                        tags.detail()));
            }
            // A newer upload between that check and the copy fails the copy instead of being overwritten by it.
            copy.ifMatch(current.get().eTag());
        }
        if (head.storageClass() != null && head.storageClass() != StorageClass.STANDARD) {
            copy.storageClass(head.storageClass());
        }
        if (head.serverSideEncryption() == ServerSideEncryption.AWS_KMS) {
            copy.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(head.ssekmsKeyId()).bucketKeyEnabled(head.bucketKeyEnabled());
        } else if (head.serverSideEncryption() != null) {
            copy.serverSideEncryption(head.serverSideEncryption());
        }
        CopyObjectResponse copied;
        try {
            copied = s3.copyObject(copy.build());
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                return Recording.superseded("the object changed or was deleted after it was read; its own event scans it");
            }
            throw e;
        }
        String sourceNote = null;
        if (id.versionId() != null && !id.versionId().equals(copied.versionId())) {
            Recording source = writeTags(id, marking);
            sourceNote = source.outcome() == Recording.Outcome.RECORDED ? null : "the version judged is not tagged: " + source.detail();
        }
        if (alsoTags) {
            S3ObjectId copyId = new S3ObjectId(id.bucket(), id.key(), copied.versionId());
            Recording tags = writeTags(copyId, marking.boundTo(marking.content().ofCopy(copied.copyObjectResult().eTag(), copyId.versionId())));
            return new Recording(tags.outcome(), join(join(withoutVerdict, tags.detail()), sourceNote));
        }
        return withoutVerdict == null ? Recording.recorded(sourceNote) : Recording.notRecorded(join(withoutVerdict, sourceNote));
    }

    public List<Tag> tags(S3ObjectId id) {
        return s3.getObjectTagging(b -> b.bucket(id.bucket()).key(id.key()).versionId(id.versionId())).tagSet();
    }

    private EarlierMarking taggedMarking(S3ObjectId id) {
        return EarlierMarking.read(asMap(tags(id)), prefix);
    }

    private Map<String, String> entries(S3ObjectId id, Marking marking) {
        String model = Marking.sanitize(marking.model());
        return marking.entries(prefix, seal.sign(id, marking.content().value(), marking.status(), model, marking.scoreText()));
    }

    /** The key's current version; empty when the key is deleted. */
    private Optional<HeadObjectResponse> currentVersion(S3ObjectId id) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(id.bucket()).key(id.key())));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private boolean isCurrent(S3ObjectId id, ContentBinding content) {
        return currentVersion(id).map(head -> content.eTag().equals(ContentBinding.unquote(head.eTag()))).orElse(false);
    }

    /** Whether the unversioned key still holds the bytes judged: same ETag, then (where they were hashed) same SHA-256. */
    private boolean holdsJudgedBytes(S3ObjectId id, ContentBinding judged) {
        Optional<HeadObjectResponse> head = currentVersion(id);
        if (head.isEmpty() || !judged.eTag().equals(ContentBinding.unquote(head.get().eTag()))) {
            return false;
        }
        if (judged.sha256() == null) {
            return true;
        }
        try {
            return judged.sha256().equals(reader.readDigested(id, head.get()).sha256());
        } catch (FetchException e) {
            if (e.reason() == FetchException.Reason.UNAVAILABLE) {
                throw e;
            }
            return false;
        }
    }

    /** Removes our entries from the key's current tags if they are the ones bound to {@code judged}. */
    private void takeOffOtherContent(S3ObjectId id, ContentBinding judged) {
        List<Tag> current;
        try {
            current = tags(id);
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return;
            }
            throw e;
        }
        if (EarlierMarking.read(asMap(current), prefix).names(judged)) {
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

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + "; " + second;
    }
}
