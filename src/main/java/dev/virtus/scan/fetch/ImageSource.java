package dev.virtus.scan.fetch;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.virtus.scan.fetch.FetchException.Reason;

/** Where the bytes of an image to classify come from. */
public sealed interface ImageSource {

    record Url(String url) implements ImageSource {
    }

    record S3(S3ObjectId object) implements ImageSource {
    }

    record Inline(byte[] bytes) implements ImageSource {
    }

    /**
     * The one source named by a request's fields.
     *
     * @throws FetchException {@link Reason#INVALID_REQUEST} when none or several are given, or one is malformed
     */
    public static ImageSource of(String url, String s3Uri, String bucket, String key, String versionId, String imageBase64) {
        List<String> given = new ArrayList<>();
        if (present(url)) {
            given.add("url");
        }
        if (present(s3Uri)) {
            given.add("s3Uri");
        }
        if (present(bucket) || present(key)) {
            given.add("bucket/key");
        }
        if (present(imageBase64)) {
            given.add("imageBase64");
        }
        if (given.size() != 1) {
            throw new FetchException(Reason.INVALID_REQUEST, (given.isEmpty() ? "no image given" : "several images given " + given)
                    + ": send exactly one of url, s3Uri, bucket + key (+ versionId), imageBase64");
        }
        if (present(versionId) && !given.get(0).equals("bucket/key")) {
            throw new FetchException(Reason.INVALID_REQUEST, "versionId goes with bucket + key only");
        }
        return switch (given.get(0)) {
            case "url" -> new Url(url.trim());
            case "s3Uri" -> new S3(S3ObjectId.parse(s3Uri.trim()));
            case "bucket/key" -> new S3(new S3ObjectId(bucket, key, versionId));
            default -> new Inline(decodeBase64(imageBase64));
        };
    }

    private static byte[] decodeBase64(String encoded) {
        try {
            return Base64.getMimeDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new FetchException(Reason.INVALID_REQUEST, "imageBase64 is not valid base64: " + e.getMessage(), e);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
