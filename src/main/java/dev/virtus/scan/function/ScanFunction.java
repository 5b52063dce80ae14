package dev.virtus.scan.function;

import java.util.List;

import org.jboss.logging.Logger;

import dev.virtus.scan.event.S3Event;
import dev.virtus.scan.scan.ScanResult;
import dev.virtus.scan.scan.ScanService;
import io.quarkus.funqy.Funq;

/** {@code scan}: classifies every object an S3 ObjectCreated event names and marks it with the verdict. */
public class ScanFunction {

    private static final Logger LOG = Logger.getLogger(ScanFunction.class);

    private final ScanService scanner;

    public ScanFunction(ScanService scanner) {
        this.scanner = scanner;
    }

    @Funq("scan")
    public List<ScanResult> scan(S3Event event) {
        if (event == null) {
            throw new IllegalArgumentException("empty event: scan expects an S3 event notification (Records[]) or an EventBridge Object Created event");
        }
        List<String> ignored = event.ignoredEventNames();
        if (!ignored.isEmpty()) {
            LOG.infof("Ignoring events that create no object: %s", ignored);
        }
        return scanner.scanAll(event.objectsCreated());
    }
}
