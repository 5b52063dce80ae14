package dev.virtus.scan.tag;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.fetch.S3ObjectId;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/** Writes a {@link Marking} onto an object: as tags merged with the user's, or as user metadata. */
@ApplicationScoped
public class ObjectMarker {

    private static final Logger LOG = Logger.getLogger(ObjectMarker.class);

    private final S3Client s3;
    private final String prefix;

    public ObjectMarker(S3Client s3, VirtusConfig config) {
        this.s3 = s3;
        this.prefix = config.tags().prefix();
    }

    public String prefix() {
        return prefix;
    }

    public List<Tag> tags(S3ObjectId id) {
        return s3.getObjectTagging(b -> b.bucket(id.bucket()).key(id.key()).versionId(id.versionId())).tagSet();
    }

    /** Replaces our tags on the object, keeping every tag of the user's. */
    public void writeTags(S3ObjectId id, List<Tag> existing, Marking marking) {
        TagMerge.Result merged = merge(id, existing, marking);
        s3.putObjectTagging(b -> b.bucket(id.bucket()).key(id.key()).versionId(id.versionId())
                .tagging(Tagging.builder().tagSet(merged.tags()).build()));
    }

    /**
     * Copies the object onto itself with our entries added to its user metadata, keeping its content
     * type, headers, metadata, storage class, encryption and tags (with ours merged in when
     * {@code alsoTags}). S3 then sends an {@code ObjectCreated:Copy} event for an object that already
     * carries our marking, which {@code scan} recognises and leaves alone.
     */
    public void writeMetadata(S3ObjectId id, HeadObjectResponse head, List<Tag> existing, Marking marking, boolean alsoTags) {
        Map<String, String> metadata = new HashMap<>(head.metadata());
        metadata.putAll(marking.entries(prefix));
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
        if (alsoTags) {
            copy.taggingDirective(TaggingDirective.REPLACE).tagging(Tagging.builder().tagSet(merge(id, existing, marking).tags()).build());
        } else {
            copy.taggingDirective(TaggingDirective.COPY);
        }
        s3.copyObject(copy.build());
    }

    private TagMerge.Result merge(S3ObjectId id, List<Tag> existing, Marking marking) {
        TagMerge.Result merged = TagMerge.merge(existing, marking.entries(prefix), prefix);
        if (!merged.left().isEmpty()) {
            LOG.warnf("%s keeps its %d user tags; S3's limit of %d tags leaves no room for %s", id,
                    merged.tags().size() - (marking.entries(prefix).size() - merged.left().size()), TagMerge.S3_TAG_LIMIT, merged.left());
        }
        return merged;
    }
}
