package dev.virtus.scan.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.virtus.scan.fetch.FetchException;
import dev.virtus.scan.fetch.FetchException.Reason;
import dev.virtus.scan.fetch.ImageSource;
import dev.virtus.scan.fetch.S3ObjectId;

/**
 * The request of {@code classify} as Funqy hands it over (Jackson's {@code LinkedHashMap} / {@code ArrayList}),
 * without booting Quarkus. One exact message per malformed request; the Lambda round trip is in
 * {@link ClassifyFunctionTest}.
 */
class ClassifyRequestTest {

    static final String EXACTLY_ONE = "send exactly one of url, s3Uri, bucket + key (+ versionId), imageBase64";

    private static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            json.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return json;
    }

    private static String refusal(Map<String, Object> request) {
        FetchException error = assertThrows(FetchException.class, () -> ClassifyRequest.from(request).source());
        assertEquals(Reason.INVALID_REQUEST, error.reason(), error.getMessage());
        return error.getMessage();
    }

    @Test
    void should_refuse_an_absent_body_and_list_the_fields() {
        assertEquals("empty request: send a JSON object with one of [url, s3Uri, bucket, key, versionId, imageBase64]",
                refusal(null));
    }

    @Test
    void should_refuse_an_empty_object() {
        assertEquals("no image given: " + EXACTLY_ONE, refusal(json()));
    }

    @Test
    void should_refuse_two_sources_and_name_both() {
        assertEquals("several images given [url, imageBase64]: " + EXACTLY_ONE,
                refusal(json("url", "https://example.com/a.png", "imageBase64", "AAAA")));
    }

    @Test
    void should_name_an_unknown_field_even_when_a_valid_source_is_present() {
        // given a misspelt field next to a valid url: without the check the url alone would be classified
        assertEquals("unknown field(s) [imageUrl]; expected [url, s3Uri, bucket, key, versionId, imageBase64]",
                refusal(json("url", "https://example.com/a.png", "imageUrl", "https://example.com/b.png")));
    }

    @Test
    void should_name_every_unknown_field_sorted() {
        assertEquals("unknown field(s) [Key, imageUrl]; expected [url, s3Uri, bucket, key, versionId, imageBase64]",
                refusal(json("imageUrl", "x", "Key", "y")));
    }

    @Test
    void should_say_which_field_is_an_object_instead_of_a_string() {
        assertEquals("field 'url' must be a string, got object",
                refusal(json("url", new LinkedHashMap<>(Map.of("href", "https://example.com/a.png")))));
    }

    @Test
    void should_say_which_field_is_an_array_instead_of_a_string() {
        assertEquals("field 'key' must be a string, got array",
                refusal(json("bucket", "b", "key", new ArrayList<>(List.of("k")))));
    }

    @Test
    void should_say_which_field_is_a_number_instead_of_a_string() {
        assertEquals("field 'versionId' must be a string, got Integer",
                refusal(json("bucket", "b", "key", "k", "versionId", 3)));
    }

    @Test
    void should_refuse_invalid_base64_with_the_decoders_reason() {
        String decoderReason = assertThrows(IllegalArgumentException.class,
                () -> Base64.getMimeDecoder().decode("not base64!!")).getMessage();

        assertEquals("imageBase64 is not valid base64: " + decoderReason, refusal(json("imageBase64", "not base64!!")));
    }

    @Test
    void should_refuse_an_s3_uri_that_is_not_one() {
        assertEquals("s3Uri must look like s3://bucket/key, got 'https://bucket/key'", refusal(json("s3Uri", "https://bucket/key")));
    }

    @Test
    void should_refuse_a_version_id_without_bucket_and_key() {
        assertEquals("versionId goes with bucket + key only",
                refusal(json("url", "https://example.com/a.png", "versionId", "3")));
    }

    @Test
    void should_read_bucket_key_and_version_as_one_s3_object() {
        ImageSource source = ClassifyRequest.from(json("bucket", "b", "key", "faces/a (1).png", "versionId", "v1")).source();

        assertEquals(new ImageSource.S3(new S3ObjectId("b", "faces/a (1).png", "v1")), source);
    }

    @Test
    void should_decode_inline_bytes() {
        ImageSource source = ClassifyRequest.from(json("imageBase64", "AQID")).source();

        assertArrayEquals(new byte[] {1, 2, 3}, ((ImageSource.Inline) source).bytes());
    }

    @Test
    void should_accept_an_explicit_null_as_an_absent_field() {
        ImageSource source = ClassifyRequest.from(json("url", "https://example.com/a.png", "s3Uri", null)).source();

        assertEquals(new ImageSource.Url("https://example.com/a.png"), source);
    }
}
