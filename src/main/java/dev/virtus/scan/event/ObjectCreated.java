package dev.virtus.scan.event;

/**
 * One object that an event says was created: bucket, decoded key, and the version written, when the
 * bucket is versioned.
 *
 * @param eventName e.g. {@code ObjectCreated:Put}, {@code ObjectCreated:Copy}
 * @param size size in bytes as the event reports it, or -1
 * @param eTag the ETag of the content the event announces (unquoted), or null when the event has none
 */
public record ObjectCreated(String eventName, String bucket, String key, String versionId, long size, String eTag) {
}
