package dev.virtus.scan.tag;

import java.util.Objects;

/**
 * The content a verdict was made for: the object's ETag, and its version id in a versioned bucket. A
 * marking counts as "already scanned" only while the object's current ETag is the one it names, so a
 * verdict never passes to other bytes written under the same key (an overwrite, or tags carried over).
 * The ETag, not the version id, decides: the scanner's own copy onto itself (metadata mode) makes a new
 * version of the same bytes.
 *
 * @param eTag the ETag without quotes
 * @param versionId null when the bucket is not versioned
 */
public record ContentBinding(String eTag, String versionId) {

    private static final String ETAG = "etag=";
    private static final String VERSION = " version=";

    public ContentBinding {
        Objects.requireNonNull(eTag, "eTag");
        eTag = unquote(eTag);
    }

    /** How the binding is written into a tag or metadata value (S3's tag charset allows {@code = } and spaces). */
    public String value() {
        return ETAG + eTag + (versionId == null ? "" : VERSION + versionId);
    }

    /** Whether {@code value}, read back from an object, names this content. */
    public boolean matches(String value) {
        if (value == null || !value.startsWith(ETAG)) {
            return false;
        }
        int version = value.indexOf(VERSION);
        return eTag.equals(version < 0 ? value.substring(ETAG.length()) : value.substring(ETAG.length(), version));
    }

    public static String unquote(String eTag) {
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
