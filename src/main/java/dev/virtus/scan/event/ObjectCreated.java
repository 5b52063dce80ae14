package dev.virtus.scan.event;

/**
 * One object that an event says was created, or whose restore from an archive completed: bucket, decoded
 * key, and the version written, when the bucket is versioned.
 *
 * @param eventName e.g. {@code ObjectCreated:Put}, {@code ObjectCreated:Copy}, {@code ObjectRestore:Completed}
 * @param size size in bytes as the event reports it, or -1
 * @param eTag the ETag of the content the event announces (unquoted), or null when the event has none
 */
public record ObjectCreated(String eventName, String bucket, String key, String versionId, long size, String eTag) {

    /** The event name of a completed restore, in notifications and as EventBridge's "Object Restore Completed" is named here. */
    public static final String RESTORE_COMPLETED = "ObjectRestore:Completed";
}
