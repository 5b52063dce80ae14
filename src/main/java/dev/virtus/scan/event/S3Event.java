package dev.virtus.scan.event;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The event {@code scan} receives, in any shape S3 delivers: a bucket notification ({@code Records[]},
 * keys URL-encoded with {@code +} for space), an EventBridge "Object Created" or "Object Restore Completed"
 * event ({@code detail}, keys not encoded), or an S3 Batch Operations invocation ({@code tasks[]}, schema 1.0 or 2.0, keys URL-encoded).
 * Our own small types: aws-lambda-java-events' {@code S3Event} does not bind in Funqy.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record S3Event(
        @JsonProperty("Records") List<Notification> records,
        @JsonProperty("detail-type") String detailType,
        @JsonProperty("detail") EventBridgeDetail detail,
        @JsonProperty("Event") String event,
        String invocationSchemaVersion,
        String invocationId,
        List<BatchTask> tasks) {

    /** Whether this is an S3 Batch Operations invocation, answered per task. */
    public boolean isBatchInvocation() {
        return invocationSchemaVersion != null && tasks != null;
    }

    /** The objects of a Batch Operations invocation, in task order. */
    public List<ObjectCreated> batchObjects() {
        return tasks.stream().map(BatchTask::toObjectCreated).toList();
    }

    private static final String CREATED = "Object Created";
    private static final String RESTORE_COMPLETED = "Object Restore Completed";

    /**
     * The records that create objects, and completed restores (an archived object is readable, so scanned,
     * only then); other records (deletes, tagging, restores begun, test events) are not scans.
     */
    public List<ObjectCreated> objectsCreated() {
        List<ObjectCreated> created = new ArrayList<>();
        if (records != null) {
            for (Notification record : records) {
                if (isScanned(record.eventName())) {
                    created.add(record.toObjectCreated());
                }
            }
        }
        if (detail != null && CREATED.equals(detailType)) {
            created.add(detail.toObjectCreated("ObjectCreated:" + (detail.reason() == null ? "EventBridge" : detail.reason())));
        }
        if (detail != null && RESTORE_COMPLETED.equals(detailType)) {
            created.add(detail.toObjectCreated(ObjectCreated.RESTORE_COMPLETED));
        }
        return created;
    }

    private static boolean isScanned(String eventName) {
        return eventName != null && (eventName.startsWith("ObjectCreated:") || eventName.equals(ObjectCreated.RESTORE_COMPLETED));
    }

    /** Records of other kinds, by event name, for the summary. */
    public List<String> ignoredEventNames() {
        List<String> ignored = new ArrayList<>();
        if (records != null) {
            records.stream().map(Notification::eventName)
                    .filter(name -> !isScanned(name))
                    .forEach(name -> ignored.add(String.valueOf(name)));
        }
        if (detailType != null && !CREATED.equals(detailType) && !RESTORE_COMPLETED.equals(detailType)) {
            ignored.add(detailType);
        }
        Optional.ofNullable(event).ifPresent(ignored::add);
        return ignored;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Notification(String eventName, S3Entity s3) {
        ObjectCreated toObjectCreated() {
            S3Object object = s3.object();
            return new ObjectCreated(eventName, s3.bucket().name(), decodeKey(object.key()), object.versionId(),
                    object.size() == null ? -1 : object.size(), object.eTag());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Entity(Bucket bucket, S3Object object) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bucket(String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record S3Object(String key, Long size, String versionId, String eTag) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EventBridgeDetail(Bucket bucket, EventBridgeObject object, String reason) {
        ObjectCreated toObjectCreated(String eventName) {
            return new ObjectCreated(eventName, bucket.name(), object.key(), object.versionId(), object.size() == null ? -1 : object.size(),
                    object.etag());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EventBridgeObject(String key, Long size, String etag, @JsonProperty("version-id") String versionId) {
    }

    /**
     * One task of a Batch Operations invocation: schema 2.0 names the bucket, 1.0 its ARN. The version id is
     * present when the manifest has one; the ETag is unknown.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BatchTask(String taskId, String s3Key, String s3VersionId, String s3BucketArn, String s3Bucket) {
        ObjectCreated toObjectCreated() {
            String bucket = s3Bucket != null ? s3Bucket : s3BucketArn.substring(s3BucketArn.lastIndexOf(':') + 1);
            return new ObjectCreated("BatchOperations", bucket, decodeKey(s3Key), s3VersionId, -1, null);
        }
    }

    /** S3 notifications encode keys as HTML form values: {@code +} is a space, {@code %28} a parenthesis. */
    static String decodeKey(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }
}
