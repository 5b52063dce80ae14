package dev.virtus.scan.function;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.virtus.scan.bucket.ScanService;
import dev.virtus.scan.event.S3Event;
import dev.virtus.scan.fetch.UnreadableObjectException;
import dev.virtus.scan.report.ScanResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer S3 Batch Operations expects from a Lambda invocation: one result per task. {@code ERROR} is a
 * {@code TemporaryFailure} (Batch Operations retries it); a verdict that could not be recorded, a missing
 * object and one stored out of the scanner's reach (SSE-C, archived, a KMS key it may not use: retrying
 * does not help, and the image was not judged) are {@code PermanentFailure}s; everything else, skips
 * included, {@code Succeeded}.
 */
@RegisterForReflection
public record BatchOperationsResponse(String invocationSchemaVersion, String treatMissingKeysAs, String invocationId,
        List<TaskResult> results) {

    @RegisterForReflection
    public record TaskResult(String taskId, String resultCode, String resultString) {
    }

    static BatchOperationsResponse of(S3Event event, List<ScanResult> scans) {
        List<TaskResult> results = new ArrayList<>();
        for (int i = 0; i < scans.size(); i++) {
            results.add(taskResult(event.tasks().get(i).taskId(), scans.get(i)));
        }
        return new BatchOperationsResponse(event.invocationSchemaVersion(), "PermanentFailure", event.invocationId(), results);
    }

    private static TaskResult taskResult(String taskId, ScanResult scan) {
        String code;
        if (scan.status().equals(ScanResult.ERROR)) {
            code = "TemporaryFailure";
        } else if (Boolean.FALSE.equals(scan.recorded()) || UnreadableObjectException.kindOf(scan.reason()).isPresent()
                || (scan.status().equals(ScanResult.SKIPPED) && scan.reason().startsWith(ScanService.NO_LONGER_EXISTS))) {
            code = "PermanentFailure";
        } else {
            code = "Succeeded";
        }
        String summary = scan.status() + (scan.score() == null ? "" : String.format(Locale.ROOT, " %.4f", scan.score()))
                + (scan.reason() == null ? "" : ": " + scan.reason());
        return new TaskResult(taskId, code, summary);
    }
}
