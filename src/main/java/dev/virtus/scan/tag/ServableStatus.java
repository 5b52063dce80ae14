package dev.virtus.scan.tag;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.fetch.S3ObjectId;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Under {@code allow_real} the status the bucket policy serves opens the object to every reader, so it is recorded
 * only where it names bytes that cannot change: a version of a bucket whose versioning is Enabled. An object
 * without a version id, or any object of a bucket whose versioning is off or Suspended, could have other bytes
 * under the same key and tags an instant later. Each bucket's versioning is asked (GetBucketVersioning) at most once
 * per {@code virtus.enforcement.versioning-cache-time}.
 */
final class ServableStatus {

    private static final Logger LOG = Logger.getLogger(ServableStatus.class);

    private record Versioning(String status, long expiresAt) {
    }

    private final S3Client s3;
    private final boolean allowReal;
    private final String realStatus;
    private final long cacheNanos;
    private final Map<String, Versioning> versioning = new ConcurrentHashMap<>();

    ServableStatus(S3Client s3, VirtusConfig.Enforcement config) {
        this.s3 = s3;
        this.allowReal = config.mode() == VirtusConfig.Enforcement.Mode.ALLOW_REAL;
        this.realStatus = config.realStatus();
        this.cacheNanos = config.versioningCacheTime().toNanos();
    }

    /** Why {@code status} must not be recorded on {@code id}; empty when it may. */
    Optional<String> refusal(S3ObjectId id, String status) {
        if (!allowReal || !status.equals(realStatus)) {
            return Optional.empty();
        }
        String bucketVersioning = versioningOf(id.bucket());
        if (id.versionId() != null && bucketVersioning.equals(BucketVersioningStatus.ENABLED.toString())) {
            return Optional.empty();
        }
        String reason = "judged " + status + ", recorded " + Marking.UNVERSIONED + ": enforcement allow_real serves " + status
                + " only on a version of a versioned bucket; " + (id.versionId() == null ? "this object has no version id and " : "")
                + "the bucket's versioning is " + bucketVersioning;
        LOG.warnf("%s: %s", id, reason);
        return Optional.of(reason);
    }

    private String versioningOf(String bucket) {
        long now = System.nanoTime();
        Versioning known = versioning.get(bucket);
        if (known != null && now - known.expiresAt() < 0) {
            return known.status();
        }
        String status = s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString();
        String named = status == null || status.isEmpty() ? "never enabled" : status;
        versioning.put(bucket, new Versioning(named, now + cacheNanos));
        return named;
    }
}
