package dev.virtus.scan.fetch;

import java.io.IOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import dev.virtus.scan.config.VirtusConfig;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Reads one object (or version) whole, after checking its size with a HEAD request so that an oversized
 * object is refused without being downloaded. Throttling and 5xx answers are retried by the SDK's
 * standard retry strategy, with backoff.
 */
@ApplicationScoped
public class S3ObjectReader {

    private final S3Client s3;
    private final long maxBytes;

    public S3ObjectReader(S3Client s3, VirtusConfig config) {
        this.s3 = s3;
        this.maxBytes = config.decode().maxBytes();
    }

    public HeadObjectResponse head(S3ObjectId id) {
        try {
            return s3.headObject(b -> b.bucket(id.bucket()).key(id.key()).versionId(id.versionId()));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                throw new FetchException(FetchException.Reason.NOT_FOUND, id + " does not exist", e);
            }
            throw e;
        }
    }

    /** Reads the object, refusing it from its HEAD when {@code Content-Length} passes the byte limit. */
    public byte[] read(S3ObjectId id) {
        return read(id, head(id));
    }

    public byte[] read(S3ObjectId id, HeadObjectResponse head) {
        return readDigested(id, head).bytes();
    }

    /** The bytes of an object and their SHA-256 (lowercase hex), computed as they arrive. */
    public record Digested(byte[] bytes, String sha256) {
    }

    /** {@link #read(S3ObjectId, HeadObjectResponse)}, hashing the bytes in the same pass. */
    public Digested readDigested(S3ObjectId id, HeadObjectResponse head) {
        if (head.contentLength() != null && head.contentLength() > maxBytes) {
            throw new FetchException(FetchException.Reason.TOO_LARGE,
                    id + " has " + head.contentLength() + " bytes; the limit (virtus.decode.max-bytes) is " + maxBytes);
        }
        MessageDigest sha256 = sha256();
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(b -> b.bucket(id.bucket()).key(id.key())
                .versionId(id.versionId()).ifMatch(head.eTag()))) {
            byte[] bytes = new DigestInputStream(object, sha256).readAllBytes();
            return new Digested(bytes, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            throw new FetchException(FetchException.Reason.UNAVAILABLE, "cannot read " + id + ": " + e.getMessage(), e);
        } catch (AwsServiceException e) {
            throw switch (e.statusCode()) {
                case 404 -> new FetchException(FetchException.Reason.NOT_FOUND, id + " does not exist", e);
                case 412 -> new FetchException(FetchException.Reason.CHANGED, id + " changed after its HEAD (ETag " + head.eTag() + ")", e);
                default -> unavailable(id, e);
            };
        } catch (SdkException e) {
            throw unavailable(id, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static FetchException unavailable(S3ObjectId id, SdkException e) {
        return new FetchException(FetchException.Reason.UNAVAILABLE, "cannot read " + id + ": " + e.getMessage(), e);
    }
}
