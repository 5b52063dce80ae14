package dev.virtus.scan.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.config.VirtusConfig;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes verdict events with EventBridge's {@code PutEvents}, ten entries per call. The SDK client retries
 * throttling, 5xx answers and broken connections itself (its retry mode: {@code AWS_RETRY_MODE},
 * {@code AWS_MAX_ATTEMPTS}); entries that a call answers as refused are resent here. What still fails is
 * logged, never thrown: an event never costs a scan its tags.
 */
public final class EventBridgePublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventBridgePublisher.class);
    private static final int ENTRIES_PER_CALL = 10;
    private static final int ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final String eventBus;
    private final EventBridgeClient client;
    private final ObjectMapper json;

    public EventBridgePublisher(String eventBus, EventBridgeClient client, ObjectMapper json) {
        this.eventBus = eventBus;
        this.client = client;
        this.json = json;
    }

    /**
     * The publisher for {@code config}, or null when no event bus is set (then no client is built). The endpoint
     * is the SDK's unless {@code endpoint-override} is set: {@code AWS_ENDPOINT_URL_EVENTBRIDGE},
     * {@code AWS_ENDPOINT_URL}, the profile's {@code endpoint_url}, else EventBridge's own in the region.
     */
    public static EventBridgePublisher of(VirtusConfig.Events config, ObjectMapper json) {
        if (config.eventBus().isEmpty()) {
            return null;
        }
        String bus = config.eventBus().get();
        EventBridgeClientBuilder builder = EventBridgeClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        config.region().or(() -> regionOf(bus)).ifPresent(region -> builder.region(Region.of(region)));
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return new EventBridgePublisher(bus, builder.build(), json);
    }

    /** The region of a bus ARN ({@code arn:PARTITION:events:REGION:ACCOUNT:event-bus/NAME}), if it is one. */
    static Optional<String> regionOf(String eventBus) {
        String[] arn = eventBus.split(":", 6);
        boolean busArn = arn.length == 6 && arn[0].equals("arn") && arn[2].equals("events") && !arn[3].isEmpty();
        return busArn ? Optional.of(arn[3]) : Optional.empty();
    }

    /** Publishes every event, ten per call; what still fails after the retries is logged, never thrown. */
    public void publish(List<VerdictEvent> events) {
        for (int from = 0; from < events.size(); from += ENTRIES_PER_CALL) {
            List<VerdictEvent> chunk = events.subList(from, Math.min(events.size(), from + ENTRIES_PER_CALL));
            try {
                putWithRetries(chunk);
            } catch (SdkException | JsonProcessingException | IllegalStateException e) {
                LOG.errorf("could not publish %d verdict event(s) to %s: %s", chunk.size(), eventBus, e.getMessage());
            }
        }
    }

    private void putWithRetries(List<VerdictEvent> events) throws JsonProcessingException {
        List<PutEventsRequestEntry> pending = entries(events);
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            List<PutEventsRequestEntry> batch = pending;
            List<PutEventsResultEntry> answers = client.putEvents(r -> r.entries(batch)).entries();
            List<PutEventsRequestEntry> refused = new ArrayList<>();
            String reason = null;
            for (int i = 0; i < pending.size(); i++) {
                // an answer without an entry for a request entry is no acceptance either
                PutEventsResultEntry answer = i < answers.size() ? answers.get(i) : null;
                if (answer == null || answer.errorCode() != null) {
                    refused.add(pending.get(i));
                    reason = answer == null ? "no answer" : answer.errorCode() + ": " + answer.errorMessage();
                }
            }
            if (refused.isEmpty()) {
                return;
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException(refused.size() + " entries were refused after " + ATTEMPTS + " attempts (" + reason + ")");
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(4);
            pending = refused;
        }
    }

    private List<PutEventsRequestEntry> entries(List<VerdictEvent> events) throws JsonProcessingException {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (VerdictEvent event : events) {
            entries.add(PutEventsRequestEntry.builder()
                    .source(VerdictEvent.SOURCE)
                    .detailType(VerdictEvent.DETAIL_TYPE)
                    .detail(json.writeValueAsString(event))
                    .eventBusName(eventBus)
                    .resources("arn:aws:s3:::" + event.bucket() + "/" + event.key())
                    .build());
        }
        return entries;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing verdict events", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
