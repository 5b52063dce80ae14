package dev.virtus.scan.function;

import static dev.virtus.scan.function.LambdaInvoker.invoke;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
import dev.virtus.scan.fetch.FetchException;
import dev.virtus.scan.s3.EmbeddedS3;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@QuarkusTest
@QuarkusTestResource(EmbeddedS3.class)
class ClassifyFunctionTest {

    private static final String BUCKET = "classify-inputs";
    private static final String IMAGE = "png-rgb.png";

    private static Goldens.Case golden;
    private static String versionId;

    @BeforeAll
    static void uploadImages() {
        golden = Goldens.find("deit-tiny-standin", IMAGE);
        S3Client s3 = EmbeddedS3.client();
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        versionId = s3.putObject(b -> b.bucket(BUCKET).key("faces/first (1).png"),
                RequestBody.fromBytes(Fixtures.bytes(Fixtures.IMAGES.resolve(IMAGE)))).versionId();
        s3.putObject(b -> b.bucket(BUCKET).key("faces/first (1).png"), RequestBody.fromString("a later version, not an image"));
    }

    private static String base64(String image) {
        return Base64.getEncoder().encodeToString(Fixtures.bytes(Fixtures.IMAGES.resolve(image)));
    }

    @Test
    void should_classify_inline_bytes_with_the_golden_label_and_score() {
        invoke("{\"imageBase64\": \"" + base64(IMAGE) + "\"}")
                .statusCode(200)
                .body("status", equalTo(golden.label().toUpperCase()))
                .body("label", equalTo(golden.label()))
                .body("score", closeTo(golden.probabilities().get("Fake"), 1e-4))
                .body("probabilities.Real", closeTo(golden.probabilities().get("Real"), 1e-4))
                .body("model", startsWith("stand-in/deit-tiny@"))
                .body("width", equalTo(200))
                .body("timings.totalMs", greaterThan(0.0));
    }

    @Test
    void should_classify_the_named_version_of_an_s3_object() {
        invoke("{\"bucket\": \"" + BUCKET + "\", \"key\": \"faces/first (1).png\", \"versionId\": \"" + versionId + "\"}")
                .statusCode(200)
                .body("label", equalTo(golden.label()));
    }

    @Test
    void should_read_an_s3_uri_literally_and_report_a_non_image_as_unsupported() {
        invoke("{\"s3Uri\": \"s3://" + BUCKET + "/faces/first (1).png\"}")
                .statusCode(200)
                .body("status", equalTo("UNSUPPORTED"))
                .body("reason", startsWith("UNSUPPORTED_FORMAT"));
    }

    @Test
    void should_fail_clearly_for_a_missing_s3_object() {
        invoke("{\"s3Uri\": \"s3://" + BUCKET + "/nothing-here.png\"}")
                .statusCode(500)
                .body("errorMessage", containsString("s3://" + BUCKET + "/nothing-here.png does not exist"));
    }

    @Test
    void should_report_an_unsupported_image_without_failing() {
        invoke("{\"imageBase64\": \"" + Base64.getEncoder().encodeToString(Fixtures.bytes(Fixtures.BAD.resolve("heic.heic"))) + "\"}")
                .statusCode(200)
                .body("status", equalTo("UNSUPPORTED"))
                .body("reason", containsString("HEIC"));
    }

    static Stream<Arguments> malformedRequests() {
        String exactlyOne = ClassifyRequestTest.EXACTLY_ONE;
        String base64Reason = assertThrows(IllegalArgumentException.class,
                () -> Base64.getMimeDecoder().decode("not base64!!")).getMessage();
        return Stream.of(
                Arguments.of("{}", "no image given: " + exactlyOne),
                Arguments.of("{\"url\": \"https://example.com/a.png\", \"imageBase64\": \"AAAA\"}",
                        "several images given [url, imageBase64]: " + exactlyOne),
                Arguments.of("{\"imageBase64\": \"not base64!!\"}", "imageBase64 is not valid base64: " + base64Reason),
                Arguments.of("{\"url\": {\"href\": \"https://example.com/a.png\"}}", "field 'url' must be a string, got object"),
                Arguments.of("{\"url\": \"https://example.com/a.png\", \"key\": [\"k\"]}", "field 'key' must be a string, got array"),
                Arguments.of("{\"imageUrl\": \"https://example.com/a.png\"}",
                        "unknown field(s) [imageUrl]; expected [url, s3Uri, bucket, key, versionId, imageBase64]"),
                Arguments.of("{\"url\": \"https://example.com/a.png\", \"imageUrl\": \"https://example.com/b.png\"}",
                        "unknown field(s) [imageUrl]; expected [url, s3Uri, bucket, key, versionId, imageBase64]"),
                Arguments.of("{\"s3Uri\": \"https://bucket/key\"}", "s3Uri must look like s3://bucket/key, got 'https://bucket/key'"),
                Arguments.of("{\"url\": \"https://example.com/a.png\", \"versionId\": \"3\"}", "versionId goes with bucket + key only"));
    }

    /** The mock event server reports a function error as the exception's {@code toString()}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void should_answer_a_malformed_request_with_its_own_error_message(String request, String expectedMessage) {
        invoke(request)
                .statusCode(500)
                .body("errorMessage", equalTo(FetchException.class.getName() + ": " + expectedMessage))
                .body("errorMessage", not(containsString("\tat ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://127.0.0.1/face.png, loopback",
        "https://169.254.169.254/latest/meta-data/, instance metadata service 169.254.169.254",
        "https://[fd00:ec2::254]/latest/meta-data/, fd00:ec2::254",
        "https://10.1.2.3/face.png, private",
        "https://0.0.0.0/face.png, unspecified",
        "ftp://example.com/face.png, only https",
        "http://example.com/face.png, only https",
        "https://user:secret@example.com/face.png, user info",
    })
    void should_refuse_urls_that_break_a_guard_rule(String urlAndRule) {
        String[] parts = urlAndRule.split(", ");
        invoke("{\"url\": \"" + parts[0] + "\"}")
                .statusCode(500)
                .body("errorMessage", containsString(parts[1]));
    }
}
