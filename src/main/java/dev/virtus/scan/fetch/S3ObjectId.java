package dev.virtus.scan.fetch;

/**
 * One object, or one version of it when {@code versionId} is set. The version id {@code null} (the one
 * version of a bucket whose versioning is suspended, overwritten in place) names no fixed content, so it
 * counts as none.
 */
public record S3ObjectId(String bucket, String key, String versionId) {

    public S3ObjectId {
        if (bucket == null || bucket.isBlank() || key == null || key.isEmpty()) {
            throw new FetchException(FetchException.Reason.INVALID_REQUEST, "an S3 object needs a bucket and a key");
        }
        versionId = versionId == null || versionId.isBlank() || versionId.equals("null") ? null : versionId;
    }

    /** Parses {@code s3://bucket/key}; the key is taken literally (no URL decoding). */
    public static S3ObjectId parse(String uri) {
        if (!uri.startsWith("s3://")) {
            throw new FetchException(FetchException.Reason.INVALID_REQUEST, "s3Uri must look like s3://bucket/key, got '" + uri + "'");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new FetchException(FetchException.Reason.INVALID_REQUEST, "s3Uri must look like s3://bucket/key, got '" + uri + "'");
        }
        return new S3ObjectId(rest.substring(0, slash), rest.substring(slash + 1), null);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key + (versionId == null ? "" : " (version " + versionId + ")");
    }
}
