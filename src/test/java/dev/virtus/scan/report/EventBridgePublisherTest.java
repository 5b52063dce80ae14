package dev.virtus.scan.report;

import static dev.virtus.scan.events.EventBridgeStandIn.Answer.error;
import static dev.virtus.scan.events.EventBridgeStandIn.Answer.refusing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.events.EventBridgeStandIn;

/**
 * Verdict events through the SDK's EventBridge client against {@link EventBridgeStandIn}: batching, the
 * retries of throttled, failed and partly refused calls, and where the client sends them.
 */
class EventBridgePublisherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUS_ARN = "arn:aws:events:eu-west-1:123456789012:event-bus/verdicts";

    private EventBridgeStandIn standIn;

    @BeforeAll
    static void credentials() {
        // the default credential chain reads these; the stand-in checks the signature's shape only
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @BeforeEach
    void start() {
        standIn = EventBridgeStandIn.start();
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private static VirtusConfig.Events config(String bus, String region, URI endpointOverride) {
        return new VirtusConfig.Events() {
            @Override
            public Optional<String> eventBus() {
                return Optional.ofNullable(bus);
            }

            @Override
            public Optional<String> region() {
                return Optional.ofNullable(region);
            }

            @Override
            public Optional<URI> endpointOverride() {
                return Optional.ofNullable(endpointOverride);
            }
        };
    }

    private EventBridgePublisher publisher() {
        return EventBridgePublisher.of(config(BUS_ARN, null, standIn.endpoint()), JSON);
    }

    private static List<VerdictEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> new VerdictEvent("uploads", "photo-" + i + ".jpg", null, null, "FAKE", "Fake",
                0.9, null, "virtus@1", true, null, "2026-12-06T17:00:00Z", Trigger.CLI, null, null)).toList();
    }

    private List<String> acceptedKeys() {
        return standIn.accepted().stream().map(detail -> detail.path("key").asText()).sorted().toList();
    }

    private static List<String> keys(List<VerdictEvent> events) {
        return events.stream().map(VerdictEvent::key).sorted().toList();
    }

    private List<Integer> entriesPerCall() {
        return standIn.received().stream().map(request -> request.path("body").path("Entries").size()).toList();
    }

    @Test
    void should_publish_ten_entries_per_call_signed_for_the_bus_arns_region_when_every_entry_is_accepted() {
        List<VerdictEvent> events = events(23);
        try (EventBridgePublisher publisher = publisher()) {
            publisher.publish(events);
        }

        assertEquals(List.of(10, 10, 3), entriesPerCall());
        assertEquals(keys(events), acceptedKeys());
        JsonNode request = standIn.received().get(0);
        assertEquals("AWSEvents.PutEvents", request.path("target").asText());
        assertTrue(request.path("authorization").asText().contains("/eu-west-1/events/aws4_request"), request.toString());
        JsonNode entry = request.path("body").path("Entries").get(0);
        assertEquals(VerdictEvent.SOURCE, entry.path("Source").asText());
        assertEquals(VerdictEvent.DETAIL_TYPE, entry.path("DetailType").asText());
        assertEquals(BUS_ARN, entry.path("EventBusName").asText());
        assertEquals("[\"arn:aws:s3:::uploads/photo-0.jpg\"]", entry.path("Resources").toString());
    }

    @Test
    void should_resend_only_the_refused_entries_when_a_call_is_partly_refused() {
        standIn.answerNext(refusing(1, 3));
        List<VerdictEvent> events = events(5);
        try (EventBridgePublisher publisher = publisher()) {
            publisher.publish(events);
        }

        assertEquals(List.of(5, 2), entriesPerCall());
        assertEquals(List.of("photo-1.jpg", "photo-3.jpg"), standIn.received().get(1).path("body").path("Entries").findValuesAsText("Detail")
                .stream().map(detail -> readKey(detail)).toList());
        assertEquals(keys(events), acceptedKeys());
    }

    @Test
    void should_give_up_on_an_entry_after_three_calls_when_it_stays_refused_without_losing_the_others() {
        standIn.answerNext(refusing(0), refusing(0), refusing(0));
        List<VerdictEvent> events = events(3);
        try (EventBridgePublisher publisher = publisher()) {
            publisher.publish(events);
        }

        assertEquals(List.of(3, 1, 1), entriesPerCall());
        assertEquals(List.of("photo-1.jpg", "photo-2.jpg"), acceptedKeys());
    }

    @Test
    void should_retry_through_the_client_when_throttled_with_http_429() {
        standIn.answerNext(error(429, "ThrottlingException"));
        assertPublishedOnceAfterRetry();
    }

    /** How EventBridge itself answers a throttled PutEvents. */
    @Test
    void should_retry_through_the_client_when_throttled_with_a_400_throttling_exception() {
        standIn.answerNext(error(400, "ThrottlingException"));
        assertPublishedOnceAfterRetry();
    }

    @Test
    void should_retry_through_the_client_when_answered_a_5xx() {
        standIn.answerNext(error(500, "InternalException"), error(503, "ServiceUnavailableException"));
        List<VerdictEvent> events = events(4);
        try (EventBridgePublisher publisher = publisher()) {
            publisher.publish(events);
        }

        assertEquals(List.of(4, 4, 4), entriesPerCall());
        assertEquals(keys(events), acceptedKeys());
    }

    @Test
    void should_retry_a_partly_refused_call_after_the_client_retried_its_5xx() {
        standIn.answerNext(error(503, "ServiceUnavailableException"), refusing(2));
        List<VerdictEvent> events = events(3);
        try (EventBridgePublisher publisher = publisher()) {
            publisher.publish(events);
        }

        assertEquals(List.of(3, 3, 1), entriesPerCall());
        assertEquals(keys(events), acceptedKeys());
    }

    @Test
    void should_log_and_return_without_retrying_when_the_call_is_denied() {
        standIn.answerNext(error(400, "AccessDeniedException"));
        try (EventBridgePublisher publisher = publisher()) {
            publisher.publish(events(2));
        }

        assertEquals(List.of(2), entriesPerCall());
        assertEquals(List.of(), acceptedKeys());
    }

    /** The client's attempts are the SDK's setting (AWS_MAX_ATTEMPTS, read by the same code as aws.maxAttempts). */
    @Test
    void should_publish_the_next_ten_when_every_attempt_of_the_client_for_the_first_ten_failed() {
        EventBridgeStandIn.Answer unavailable = error(503, "ServiceUnavailableException");
        standIn.answerNext(unavailable, unavailable);
        List<VerdictEvent> events = events(12);
        System.setProperty("aws.maxAttempts", "2");
        try (EventBridgePublisher publisher = publisher()) {
            publisher.publish(events);
        } finally {
            System.clearProperty("aws.maxAttempts");
        }

        assertEquals(List.of(10, 10, 2), entriesPerCall());
        assertEquals(List.of("photo-10.jpg", "photo-11.jpg"), acceptedKeys());
    }

    /** AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_EVENTBRIDGE are read by the same code as these system properties. */
    @Test
    void should_send_to_the_sdks_configured_endpoint_when_no_endpoint_override_is_set() {
        for (String property : List.of("aws.endpointUrl", "aws.endpointUrlEventBridge")) {
            System.setProperty(property, standIn.endpoint().toString());
            try (EventBridgePublisher publisher = EventBridgePublisher.of(config("verdicts", "us-west-2", null), JSON)) {
                publisher.publish(events(1));
            } finally {
                System.clearProperty(property);
            }
        }

        assertEquals(List.of(1, 1), entriesPerCall());
        assertTrue(standIn.received().get(0).path("authorization").asText().contains("/us-west-2/events/aws4_request"));
    }

    @Test
    void should_build_no_client_when_no_event_bus_is_set() {
        assertNull(EventBridgePublisher.of(config(null, "us-east-1", standIn.endpoint()), JSON));
    }

    @Test
    void should_read_the_region_of_a_bus_arn_only() {
        assertEquals(Optional.of("ap-south-2"), EventBridgePublisher.regionOf("arn:aws:events:ap-south-2:123456789012:event-bus/b"));
        assertEquals(Optional.empty(), EventBridgePublisher.regionOf("verdicts"));
        assertEquals(Optional.empty(), EventBridgePublisher.regionOf("arn:aws:sqs:eu-west-1:123456789012:queue"));
        assertEquals(Optional.empty(), EventBridgePublisher.regionOf("arn:aws:events::123456789012:event-bus/b"));
    }

    private void assertPublishedOnceAfterRetry() {
        List<VerdictEvent> events = events(2);
        try (EventBridgePublisher publisher = publisher()) {
            publisher.publish(events);
        }

        assertEquals(List.of(2, 2), entriesPerCall());
        assertEquals(keys(events), acceptedKeys());
    }

    private static String readKey(String detail) {
        try {
            return JSON.readTree(detail).path("key").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
