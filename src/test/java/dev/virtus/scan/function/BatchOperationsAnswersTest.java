package dev.virtus.scan.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.VirtusConfigs;
import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.classify.Classifier;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.event.S3Event;
import dev.virtus.scan.fetch.S3ObjectReader;
import dev.virtus.scan.function.BatchOperationsResponse.TaskResult;
import dev.virtus.scan.infer.InferenceException;
import dev.virtus.scan.report.ScanReporter;
import dev.virtus.scan.s3.EmbeddedS3;
import dev.virtus.scan.bucket.ScanService;
import dev.virtus.scan.tag.ObjectMarker;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

/**
 * What S3 Batch Operations reads per task when a scan fails or its verdict finds no room on the object: a failure
 * is retried ({@code TemporaryFailure}), a verdict that cannot be recorded is not ({@code PermanentFailure}, with why).
 */
class BatchOperationsAnswersTest {

    private static final String BUCKET = "batch-operations-answers";
    private static final String MODEL = "stand-in/test@000000000000";

    private static S3Client s3;
    private static ScanFunction function;

    /** FAKE for any image but one starting with 'X', whose inference fails. */
    private record FailingOnX() implements Classifier {
        @Override
        public ClassificationResult classifyOrReport(byte[] encoded) {
            if (encoded[0] == 'X') {
                throw new InferenceException("ONNX Runtime failed", null);
            }
            return new ClassificationResult("FAKE", "Fake", 0.9, Map.of("Real", 0.1, "Fake", 0.9), MODEL, 1, 1, null, null);
        }

        @Override
        public String modelName() {
            return MODEL;
        }
    }

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.bucket(BUCKET, true);
        VirtusConfig config = VirtusConfigs.of();
        function = new ScanFunction(new ScanService(new S3ObjectReader(s3, config), new ObjectMarker(s3, config), new FailingOnX(),
                config, new ScanReporter(new ObjectMapper(), null, System.out, null)));
    }

    private static S3Event.BatchTask task(String id, String key, String body, Tag... tags) {
        String versionId = s3.putObject(b -> b.bucket(BUCKET).key(key).tagging(Tagging.builder().tagSet(tags).build()), RequestBody.fromString(body))
                .versionId();
        return new S3Event.BatchTask(id, key, versionId, null, BUCKET);
    }

    private static TaskResult answer(S3Event.BatchTask task) {
        S3Event invocation = new S3Event(null, null, null, null, "2.0", "inv-answers", List.of(task));
        BatchOperationsResponse response = (BatchOperationsResponse) function.scan(invocation);
        assertEquals(1, response.results().size());
        return response.results().get(0);
    }

    @Test
    void should_ask_for_a_retry_when_the_scan_of_a_task_fails() {
        TaskResult result = answer(task("t-error", "answers/broken.png", "X"));

        assertEquals(new TaskResult("t-error", "TemporaryFailure", "ERROR: InferenceException: ONNX Runtime failed"), result);
    }

    @Test
    void should_fail_a_task_for_good_with_its_reason_when_the_verdict_is_not_recorded() {
        Tag[] ten = IntStream.range(0, 10).mapToObj(i -> Tag.builder().key("user-" + i).value("v").build()).toArray(Tag[]::new);

        TaskResult result = answer(task("t-crowded", "answers/crowded.png", "F", ten));

        assertEquals(new TaskResult("t-crowded", "PermanentFailure", "FAKE 0.9000: the verdict is not recorded on the object:"
                + " the object has 10 tags of its own and S3 allows 10: no room for deepfake-status"), result);
    }

    @Test
    void should_succeed_a_task_whose_verdict_is_recorded() {
        assertEquals(new TaskResult("t-fake", "Succeeded", "FAKE 0.9000"), answer(task("t-fake", "answers/fake.png", "F")));
    }
}
