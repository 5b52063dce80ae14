package dev.virtus.scan.service.http;

import static dev.virtus.scan.service.http.ClassifyServiceTest.classify;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * An image source over {@code virtus.decode.max-bytes} is an {@code UNSUPPORTED} answer, as an image over the pixel
 * limit is, not a failed request: refused from the declared length, before any byte of the body is read.
 */
@QuarkusTest
@TestProfile(FetchBoundsTest.OneShortDownload.class)
class OversizedDownloadTest {

    @Test
    void should_answer_unsupported_when_a_url_declares_more_bytes_than_the_limit() throws Exception {
        FetchBoundsTest.awaitReady();
        try (ImageServer images = new ImageServer()) {
            String url = images.request("/oversized.png").split("\"")[3];

            classify(images.request("/oversized.png")).then().statusCode(200)
                    .body("status", equalTo("UNSUPPORTED"))
                    .body("reason", equalTo("TOO_MANY_BYTES: " + url + " declares " + ImageServer.OVERSIZED
                            + " bytes; the limit (virtus.decode.max-bytes) is 20971520"));
        }
    }
}
