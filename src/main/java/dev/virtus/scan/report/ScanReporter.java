package dev.virtus.scan.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.config.VirtusConfig;

/**
 * Tells people what was scanned: one JSON log line per object (ERROR level when it needs attention), one
 * Embedded Metric Format line per object on standard output, and a {@code Virtus Scan Result} event per
 * object that was not skipped, when an event bus is set.
 */
@ApplicationScoped
public class ScanReporter {

    private static final Logger LOG = Logger.getLogger(ScanReporter.class);
    /** The logging MDC key of the Lambda request id: Quarkus' Lambda poll loop's, and RequestIdHandler's. */
    public static final String LAMBDA_REQUEST_ID = "AWSRequestId";

    private final ObjectMapper json;
    private final EmbeddedMetrics metrics;
    private final PrintStream metricsOut;
    private final EventBridgePublisher events;

    @Inject
    public ScanReporter(VirtusConfig config, ObjectMapper json) {
        this(json, config.metrics().enabled() ? new EmbeddedMetrics(config.metrics().namespace()) : null, System.out,
                EventBridgePublisher.of(config.events(), json));
    }

    /** @param metrics null: no metrics; @param events null: no events */
    public ScanReporter(ObjectMapper json, EmbeddedMetrics metrics, PrintStream metricsOut, EventBridgePublisher events) {
        this.json = json;
        this.metrics = metrics;
        this.metricsOut = metricsOut;
        this.events = events;
    }

    public void report(Trigger trigger, List<Scanned> scans) {
        for (Scanned scanned : scans) {
            log(scanned.result());
            if (metrics != null) {
                writeMetrics(scanned, trigger);
            }
        }
        if (events != null) {
            events.publish(scans.stream().filter(s -> !s.result().status().equals(ScanResult.SKIPPED))
                    .map(s -> VerdictEvent.of(s, trigger)).toList());
        }
    }

    private void log(ScanResult result) {
        try {
            String line = json.writeValueAsString(result);
            if (result.alarming()) {
                LOG.error(line);
            } else {
                LOG.info(line);
            }
        } catch (JsonProcessingException e) {
            LOG.error("cannot log scan result of s3://" + result.bucket() + "/" + result.key(), e);
        }
    }

    /**
     * Written straight to standard output: CloudWatch reads a log event as EMF only when it is the JSON alone.
     * The line is also the object's structured log line: the scan result and the Lambda request id (from the
     * logging MDC, where RequestIdHandler or Quarkus' Lambda poll loop puts it) ride along as properties.
     */
    private void writeMetrics(Scanned scanned, Trigger trigger) {
        try {
            Map<String, Object> document = metrics.document(scanned, trigger);
            document.put("result", scanned.result());
            Object requestId = MDC.get(LAMBDA_REQUEST_ID);
            if (requestId != null) {
                document.put("requestId", requestId);
            }
            String line = json.writeValueAsString(document);
            synchronized (metricsOut) {
                metricsOut.println(line);
                metricsOut.flush();
            }
        } catch (JsonProcessingException e) {
            LOG.error("cannot write the metrics of s3://" + scanned.result().bucket() + "/" + scanned.result().key(), e);
        }
    }

    @PreDestroy
    void close() {
        if (events != null) {
            events.close();
        }
    }
}
