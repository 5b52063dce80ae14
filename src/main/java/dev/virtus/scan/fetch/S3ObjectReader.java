package dev.virtus.scan.fetch;

import java.io.IOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.fetch.UnreadableObjectException.Kind;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ArchiveStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Reads one object (or version) whole, after checking its size with a HEAD request so that an oversized
 * object is refused without being downloaded. Throttling and 5xx answers are retried by the SDK's
 * standard retry strategy, with backoff. An object its uploader stored out of the scanner's reach (SSE-C,
 * archived, a KMS key the scanner may not use) is an {@link UnreadableObjectException}: from the HEAD
 * where it tells (archive), else from the answer to the GET.
 */
@ApplicationScoped
public class S3ObjectReader {

    // EnumSets: an absent header is null, which they do not contain (Set.of would throw).
    private static final Set<StorageClass> ARCHIVE_CLASSES = EnumSet.of(StorageClass.GLACIER, StorageClass.DEEP_ARCHIVE);
    private static final Set<ArchiveStatus> ARCHIVE_TIERS = EnumSet.of(ArchiveStatus.ARCHIVE_ACCESS, ArchiveStatus.DEEP_ARCHIVE_ACCESS);
    private static final Set<ServerSideEncryption> KMS = EnumSet.of(ServerSideEncryption.AWS_KMS, ServerSideEncryption.AWS_KMS_DSSE);

    private final S3Client s3;
    private final long maxBytes;

    public S3ObjectReader(S3Client s3, VirtusConfig config) {
        this.s3 = s3;
        this.maxBytes = config.decode().maxBytes();
    }

    /**
     * @throws UnreadableObjectException {@link Kind#SSE_C} when S3 answers the HEAD 400 and a GET says why: an
     *         SSE-C object's HEAD needs its key (the 400 of a HEAD has no body to tell)
     */
    public HeadObjectResponse head(S3ObjectId id) {
        try {
            return s3.headObject(b -> b.bucket(id.bucket()).key(id.key()).versionId(id.versionId()));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                throw new FetchException(FetchException.Reason.NOT_FOUND, id + " does not exist", e);
            }
            if (e.statusCode() == 400 && needsCustomerKey(id)) {
                throw new UnreadableObjectException(Kind.SSE_C, id + " is encrypted with a customer-provided key (SSE-C), which the"
                        + " scanner does not have: S3 answers its HEAD 400 and its GET InvalidRequest", e);
            }
            throw e;
        }
    }

    /** Reads the object, refusing it from its HEAD when {@code Content-Length} passes the byte limit or it is archived. */
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
        if (isArchived(head)) {
            throw archived(id, head, null);
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
                default -> refusal(id, head, e);
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

    /**
     * Archived and not restored: a restored copy ({@code x-amz-restore: ongoing-request="false"}) reads like
     * any object, though its storage class stays GLACIER or DEEP_ARCHIVE.
     */
    static boolean isArchived(HeadObjectResponse head) {
        boolean restored = head.restore() != null && head.restore().contains("ongoing-request=\"false\"");
        return !restored && (ARCHIVE_CLASSES.contains(head.storageClass()) || ARCHIVE_TIERS.contains(head.archiveStatus()));
    }

    private static UnreadableObjectException archived(S3ObjectId id, HeadObjectResponse head, AwsServiceException answer) {
        String where = head.archiveStatus() != null ? "Intelligent-Tiering's " + head.archiveStatus() + " tier"
                : "storage class " + head.storageClassAsString();
        return new UnreadableObjectException(Kind.ARCHIVED, id + " is archived (" + where + "); it is scanned when a restore"
                + " of it completes (s3:ObjectRestore:Completed)", answer);
    }

    /** Why a GET failed: an object out of the scanner's reach, or S3 unavailable. */
    private static FetchException refusal(S3ObjectId id, HeadObjectResponse head, AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if ("InvalidObjectState".equals(code)) {
            return archived(id, head, e);
        }
        if (isCustomerKeyAnswer(e)) {
            return new UnreadableObjectException(Kind.SSE_C, id + " is encrypted with a customer-provided key (SSE-C), which the"
                    + " scanner does not have", e);
        }
        // The HEAD passed, and it needs the same s3:GetObject grant: a GET denied on an SSE-KMS object is its key's.
        boolean kmsRefusal = e.statusCode() == 403 || (code != null && code.startsWith("KMS.") && !code.contains("Throttl"));
        if (KMS.contains(head.serverSideEncryption()) && kmsRefusal) {
            return new UnreadableObjectException(Kind.KMS_KEY, id + " is encrypted under KMS key " + head.ssekmsKeyId()
                    + ", which the scanner may not use: " + e.getMessage(), e);
        }
        return unavailable(id, e);
    }

    /** A GET without key headers of an SSE-C object: the answer explains the HEAD's bare 400. */
    private boolean needsCustomerKey(S3ObjectId id) {
        try {
            s3.getObject(b -> b.bucket(id.bucket()).key(id.key()).versionId(id.versionId()).range("bytes=0-0"),
                    ResponseTransformer.toBytes());
            return false;
        } catch (AwsServiceException e) {
            return isCustomerKeyAnswer(e);
        }
    }

    /** S3's answer to a GET of an SSE-C object without its key: 400 InvalidRequest, "... stored using a form of Server Side Encryption ...". */
    private static boolean isCustomerKeyAnswer(AwsServiceException e) {
        return e.statusCode() == 400 && e.awsErrorDetails() != null && "InvalidRequest".equals(e.awsErrorDetails().errorCode())
                && e.awsErrorDetails().errorMessage() != null
                && e.awsErrorDetails().errorMessage().toLowerCase(Locale.ROOT).contains("server side encryption");
    }

    private static FetchException unavailable(S3ObjectId id, SdkException e) {
        return new FetchException(FetchException.Reason.UNAVAILABLE, "cannot read " + id + ": " + e.getMessage(), e);
    }
}
