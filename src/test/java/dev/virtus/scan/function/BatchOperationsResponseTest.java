package dev.virtus.scan.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.virtus.scan.event.S3Event;
import dev.virtus.scan.report.ScanResult;

/** How a scan result answers its Batch Operations task. */
class BatchOperationsResponseTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "UNSUPPORTED | SSE_C: s3://b/k is encrypted with a customer-provided key (SSE-C) | PermanentFailure",
        "UNSUPPORTED | ARCHIVED: s3://b/k is archived (storage class GLACIER) | PermanentFailure",
        "UNSUPPORTED | KMS_KEY: s3://b/k is encrypted under KMS key arn:aws:kms:... | PermanentFailure",
        "UNSUPPORTED | TOO_MANY_PIXELS: the PNG image declares 100000 x 100000 pixels | Succeeded",
        "ERROR | S3Exception: Service Unavailable | TemporaryFailure",
    })
    void should_answer_an_object_stored_out_of_reach_as_a_permanent_failure_and_an_undecodable_image_as_a_verdict(String status,
            String reason, String code) {
        S3Event invocation = new S3Event(null, null, null, null, "2.0", "invocation-1",
                List.of(new S3Event.BatchTask("task-1", "k", null, null, "b")));
        ScanResult scan = new ScanResult("b", "k", null, "etag", status, null, null, "model", status.equals("ERROR") ? null : true, reason, 1);

        BatchOperationsResponse response = BatchOperationsResponse.of(invocation, List.of(scan));

        assertEquals(code, response.results().get(0).resultCode());
    }
}
