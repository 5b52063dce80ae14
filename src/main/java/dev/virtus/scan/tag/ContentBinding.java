package dev.virtus.scan.tag;

import java.util.Objects;

/**
 * The bytes a verdict was made for. In a versioned bucket the version id names them for good; without one, the
 * SHA-256 of the bytes judged, computed while they were read, names them. The ETag is kept to notice an overwrite
 * early, never as proof: a single-part ETag is an MD5, and two different images can be given one MD5 in seconds.
 * A marking bound only by its ETag (the bytes were never read: too large, or a failure first) is never final.
 *
 * @param eTag the ETag without quotes
 * @param versionId null when the object has no version id (unversioned bucket, or the {@code null} version)
 * @param sha256 lowercase hex of the bytes judged; null when they were not read
 */
public record ContentBinding(String eTag, String versionId, String sha256) {

    private static final String VERSION = "version=";
    private static final String SHA256 = "sha256=";
    private static final String ETAG = "etag=";

    public ContentBinding {
        Objects.requireNonNull(eTag, "eTag");
        eTag = unquote(eTag);
    }

    /** Content known by its HEAD: the version id where there is one, the ETag, and no digest yet. */
    public ContentBinding(String eTag, String versionId) {
        this(eTag, versionId, null);
    }

    /** This content once its bytes were read and hashed. */
    public ContentBinding withDigest(String sha256) {
        return new ContentBinding(eTag, versionId, sha256);
    }

    /** The scanner's own copy of these bytes onto their key: the same bytes under the copy's ETag and version. */
    public ContentBinding ofCopy(String copyETag, String copyVersionId) {
        return new ContentBinding(copyETag, copyVersionId, sha256);
    }

    /** Whether the binding names bytes that cannot be swapped for others under it: a version id, or a digest. */
    public boolean provable() {
        return versionId != null || sha256 != null;
    }

    /** How the binding is written into a tag or metadata value: the strongest name the content has. */
    public String value() {
        if (versionId != null) {
            return VERSION + versionId;
        }
        return sha256 != null ? SHA256 + sha256 : ETAG + eTag;
    }

    /** The digest a written binding claims ({@code sha256=...}), or null when it claims none. */
    static String claimedDigest(String value) {
        return value != null && value.startsWith(SHA256) ? value.substring(SHA256.length()) : null;
    }

    public static String unquote(String eTag) {
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
