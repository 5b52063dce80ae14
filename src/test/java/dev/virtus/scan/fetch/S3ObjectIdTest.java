package dev.virtus.scan.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.virtus.scan.fetch.FetchException.Reason;

class S3ObjectIdTest {

    @ParameterizedTest(name = "bucket ''{0}'', key ''{1}''")
    @CsvSource(value = {"NULL, k", "'', k", "' ', k", "b, NULL", "b, ''"}, nullValues = "NULL")
    void should_need_a_bucket_and_a_key(String bucket, String key) {
        FetchException error = assertThrows(FetchException.class, () -> new S3ObjectId(bucket, key, null));

        assertEquals(Reason.INVALID_REQUEST, error.reason());
        assertEquals("an S3 object needs a bucket and a key", error.getMessage());
    }

    @Test
    void should_keep_a_key_of_one_space() {
        assertEquals(" ", new S3ObjectId("b", " ", null).key());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", " ", "null"})
    void should_count_a_blank_or_null_version_as_none(String versionId) {
        S3ObjectId id = new S3ObjectId("b", "k", versionId);

        assertNull(id.versionId());
        assertEquals("s3://b/k", id.toString());
    }

    @Test
    void should_name_the_version_it_carries() {
        S3ObjectId id = new S3ObjectId("b", "a/k.png", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY");

        assertEquals("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", id.versionId());
        assertEquals("s3://b/a/k.png (version 3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY)", id.toString());
    }

    @Test
    void should_parse_a_uri_taking_the_key_literally() {
        assertEquals(new S3ObjectId("b", "dir/a+b%20c.png", null), S3ObjectId.parse("s3://b/dir/a+b%20c.png"));
        assertEquals(new S3ObjectId("b", "k", null), S3ObjectId.parse("s3://b/k"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://b/k", "s3:/b/k", "s3://b", "s3:///k", "s3://b/", "S3://b/k"})
    void should_refuse_what_is_not_an_s3_uri_of_an_object(String uri) {
        FetchException error = assertThrows(FetchException.class, () -> S3ObjectId.parse(uri));

        assertEquals(Reason.INVALID_REQUEST, error.reason());
        assertEquals("s3Uri must look like s3://bucket/key, got '" + uri + "'", error.getMessage());
    }
}
