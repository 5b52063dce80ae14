package dev.virtus.scan.function;

import java.util.List;

import org.jboss.logging.Logger;

import dev.virtus.scan.bucket.ScanService;
import dev.virtus.scan.event.S3Event;
import dev.virtus.scan.report.Trigger;
import io.quarkus.funqy.Funq;

/**
 * {@code scan}: classifies every object an S3 ObjectCreated event names and marks it with the verdict; also
 * S3 Batch Operations' tasks (backfill, re-scan), answered per task.
 */
public class ScanFunction {

    private static final Logger LOG = Logger.getLogger(ScanFunction.class);

    private final ScanService scanner;

    public ScanFunction(ScanService scanner) {
        this.scanner = scanner;
    }

    /** @return the scan results of an event, or a {@link BatchOperationsResponse} for a Batch Operations invocation */
    @Funq("scan")
    public Object scan(S3Event event) {
        if (event == null) {
            throw new IllegalArgumentException("empty event: scan expects an S3 event notification (Records[]), an EventBridge"
                    + " Object Created event or an S3 Batch Operations invocation (tasks[])");
        }
        if (event.isBatchInvocation()) {
            return BatchOperationsResponse.of(event, scanner.scan(event.batchObjects(), Trigger.BATCH));
        }
        List<String> ignored = event.ignoredEventNames();
        if (!ignored.isEmpty()) {
            LOG.infof("Ignoring events that create no object: %s", ignored);
        }
        return scanner.scanAll(event.objectsCreated(), Trigger.UPLOAD);
    }
}
