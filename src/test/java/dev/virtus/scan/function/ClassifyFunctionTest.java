package dev.virtus.scan.function;

import static dev.virtus.scan.function.LambdaInvoker.invoke;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.virtus.scan.Fixtures;
import dev.virtus.scan.Goldens;
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

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"url\": \"https://example.com/a.png\", \"imageBase64\": \"AAAA\"}",
        "{\"imageBase64\": \"not base64!!\"}",
        "{\"url\": {\"href\": \"https://example.com/a.png\"}}",
        "{\"imageUrl\": \"https://example.com/a.png\"}",
        "{\"s3Uri\": \"https://bucket/key\"}",
        "{\"url\": \"https://example.com/a.png\", \"versionId\": \"3\"}",
    })
    void should_answer_a_malformed_request_with_a_clear_error(String request) {
        invoke(request)
                .statusCode(500)
                .body("errorMessage", anyOf(
                        containsString("exactly one of"), containsString("not valid base64"), containsString("must be a string"),
                        containsString("unknown field(s) [imageUrl]"), containsString("s3Uri must look like s3://bucket/key"),
                        containsString("versionId goes with bucket + key only")))
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
