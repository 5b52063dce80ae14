package dev.virtus.scan.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.fetch.FetchException.Reason;
import dev.virtus.scan.s3.EmbeddedS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads against the embedded S3 server, with a limit of 8 bytes; S3 errors injected by its proxy. */
class S3ObjectReaderTest {

    private static final String BUCKET = "s3-object-reader";
    private static final byte[] EIGHT = "8 bytes!".getBytes(StandardCharsets.US_ASCII);

    private static S3Client s3;
    private static S3ObjectReader reader;
    private static S3ObjectReader proxied;

    @BeforeAll
    static void createBucket() {
        s3 = EmbeddedS3.bucket(BUCKET, true);
        reader = new S3ObjectReader(s3, VirtusConfigs.of("virtus.decode.max-bytes", "8"));
        proxied = new S3ObjectReader(EmbeddedS3.proxiedClient(), VirtusConfigs.of("virtus.decode.max-bytes", "8"));
    }

    @AfterEach
    void clearFaults() {
        EmbeddedS3.faults().clearFaults();
    }

    private static S3ObjectId upload(String key, byte[] content) {
        String versionId = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content)).versionId();
        return new S3ObjectId(BUCKET, key, versionId);
    }

    @Test
    void should_read_an_object_as_large_as_the_limit() {
        upload("reader/eight.bin", EIGHT);

        assertArrayEquals(EIGHT, reader.read(new S3ObjectId(BUCKET, "reader/eight.bin", null)));
    }

    @Test
    void should_read_the_version_asked_for_after_an_overwrite() {
        S3ObjectId first = upload("reader/versions.bin", "first".getBytes(StandardCharsets.US_ASCII));
        upload("reader/versions.bin", "second".getBytes(StandardCharsets.US_ASCII));

        assertArrayEquals("first".getBytes(StandardCharsets.US_ASCII), reader.read(first));
    }

    @Test
    void should_refuse_an_object_larger_than_the_limit_from_its_head() {
        S3ObjectId nine = upload("reader/nine.bin", "9 bytes!!".getBytes(StandardCharsets.US_ASCII));

        FetchException error = assertThrows(FetchException.class, () -> reader.read(nine));

        assertEquals(Reason.TOO_LARGE, error.reason());
        assertEquals(nine + " has 9 bytes; the limit (virtus.decode.max-bytes) is 8", error.getMessage());
    }

    @Test
    void should_report_a_missing_object_from_its_head() {
        S3ObjectId missing = new S3ObjectId(BUCKET, "reader/missing.bin", null);

        FetchException error = assertThrows(FetchException.class, () -> reader.head(missing));

        assertEquals(Reason.NOT_FOUND, error.reason());
        assertEquals("s3://s3-object-reader/reader/missing.bin does not exist", error.getMessage());
    }

    @Test
    void should_report_an_object_deleted_after_its_head() {
        S3ObjectId id = upload("reader/deleted.bin", EIGHT);
        HeadObjectResponse head = reader.head(id);
        s3.deleteObject(b -> b.bucket(BUCKET).key(id.key()).versionId(id.versionId()));

        FetchException error = assertThrows(FetchException.class, () -> reader.read(id, head));

        assertEquals(Reason.NOT_FOUND, error.reason());
        assertEquals(id + " does not exist", error.getMessage());
    }

    @Test
    void should_refuse_content_other_than_the_head_saw() {
        upload("reader/changed.bin", EIGHT);
        S3ObjectId current = new S3ObjectId(BUCKET, "reader/changed.bin", null);
        HeadObjectResponse head = reader.head(current);
        upload("reader/changed.bin", "changed!".getBytes(StandardCharsets.US_ASCII));

        FetchException error = assertThrows(FetchException.class, () -> reader.read(current, head));

        assertEquals(Reason.CHANGED, error.reason());
        assertEquals(current + " changed after its HEAD (ETag " + head.eTag() + ")", error.getMessage());
    }

    @Test
    void should_report_an_s3_error_on_reading_as_unavailable() {
        S3ObjectId id = upload("reader/denied.bin", EIGHT);
        EmbeddedS3.faults().fail("GET", "versionId", "tagging", 403, "AccessDenied", 1);

        FetchException error = assertThrows(FetchException.class, () -> proxied.read(id));

        assertEquals(Reason.UNAVAILABLE, error.reason());
        assertTrue(error.getMessage().startsWith("cannot read " + id + ": "), error.getMessage());
        assertEquals(403, ((S3Exception) error.getCause()).statusCode());
    }

    @Test
    void should_pass_on_an_s3_error_other_than_not_found_on_the_head() {
        S3ObjectId id = upload("reader/head-denied.bin", EIGHT);
        EmbeddedS3.faults().fail("HEAD", "versionId", "tagging", 403, "AccessDenied", 1);

        S3Exception error = assertThrows(S3Exception.class, () -> proxied.head(id));

        assertEquals(403, error.statusCode());
    }

    @Test
    void should_report_an_unreachable_s3_as_unavailable() {
        S3ObjectId id = new S3ObjectId(BUCKET, "reader/unreachable.bin", null);
        HeadObjectResponse head = HeadObjectResponse.builder().contentLength(8L).eTag("\"0\"").build();
        try (S3Client nowhere = EmbeddedS3.client(java.net.URI.create("http://127.0.0.1:1"))) {
            S3ObjectReader unreachable = new S3ObjectReader(nowhere, VirtusConfigs.of());

            FetchException error = assertThrows(FetchException.class, () -> unreachable.read(id, head));

            assertEquals(Reason.UNAVAILABLE, error.reason());
            assertTrue(error.getMessage().startsWith("cannot read " + id + ": "), error.getMessage());
        }
    }
}
