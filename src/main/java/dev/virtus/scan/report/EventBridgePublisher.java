package dev.virtus.scan.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Publishes verdict events with EventBridge's {@code PutEvents} (AWS JSON 1.1, Signature V4). The SDK's
 * EventBridge module is not served at this project's SDK version, so the request is built and signed here
 * with the SDK's own signer and HTTP client. Failures are retried and then logged: an event never costs a
 * scan its tags.
 */
public final class EventBridgePublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventBridgePublisher.class);
    private static final int ENTRIES_PER_CALL = 10;
    private static final int ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final String eventBus;
    private final String region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final ObjectMapper json;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** @param eventBus a bus name or ARN; {@code endpoint} is {@code https://events.REGION.amazonaws.com} unless overridden */
    public EventBridgePublisher(String eventBus, String region, URI endpoint, AwsCredentialsProvider credentials, SdkHttpClient http,
            ObjectMapper json) {
        this.eventBus = eventBus;
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.http = http;
        this.json = json;
    }

    /** The region of a bus ARN ({@code arn:aws:events:REGION:ACCOUNT:event-bus/NAME}), if it is one. */
    public static String regionOf(String eventBus) {
        String[] arn = eventBus.split(":", 6);
        return arn.length == 6 && arn[0].equals("arn") && arn[2].equals("events") ? arn[3] : null;
    }

    /** Publishes every event, ten per call; what still fails after the retries is logged, never thrown. */
    public void publish(List<VerdictEvent> events) {
        for (int from = 0; from < events.size(); from += ENTRIES_PER_CALL) {
            List<VerdictEvent> chunk = events.subList(from, Math.min(events.size(), from + ENTRIES_PER_CALL));
            try {
                putWithRetries(chunk);
            } catch (RuntimeException e) {
                LOG.errorf("could not publish %d verdict event(s) to %s: %s", chunk.size(), eventBus, e.getMessage());
            }
        }
    }

    private void putWithRetries(List<VerdictEvent> events) {
        List<VerdictEvent> pending = events;
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            String failure;
            try {
                pending = put(pending);
                if (pending.isEmpty()) {
                    return;
                }
                failure = pending.size() + " entries were refused";
            } catch (RetryableException e) {
                failure = e.getMessage();
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException(failure + " after " + ATTEMPTS + " attempts");
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(4);
        }
    }

    /** One PutEvents call; answers the events EventBridge refused. */
    private List<VerdictEvent> put(List<VerdictEvent> events) {
        byte[] body = requestBody(events);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AWSEvents.PutEvents")
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "events")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpExecuteResponse response;
        JsonNode answer;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElseThrow()).build()).call();
            try (InputStream in = response.responseBody().orElse(null)) {
                answer = in == null ? json.createObjectNode() : json.readTree(in);
            }
        } catch (IOException e) {
            throw new RetryableException("PutEvents failed: " + e.getMessage());
        }
        int status = response.httpResponse().statusCode();
        if (status == 429 || status >= 500) {
            throw new RetryableException("PutEvents answered HTTP " + status + ": " + answer);
        }
        if (status != 200) {
            throw new IllegalStateException("PutEvents answered HTTP " + status + ": " + answer);
        }
        List<VerdictEvent> refused = new ArrayList<>();
        JsonNode entries = answer.path("Entries");
        for (int i = 0; i < events.size(); i++) {
            if (entries.path(i).hasNonNull("ErrorCode")) {
                refused.add(events.get(i));
            }
        }
        return refused;
    }

    private byte[] requestBody(List<VerdictEvent> events) {
        try {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (VerdictEvent event : events) {
                entries.add(Map.of(
                        "Source", VerdictEvent.SOURCE,
                        "DetailType", VerdictEvent.DETAIL_TYPE,
                        "Detail", json.writeValueAsString(event),
                        "EventBusName", eventBus,
                        "Resources", List.of("arn:aws:s3:::" + event.bucket() + "/" + event.key())));
            }
            return json.writeValueAsBytes(Map.of("Entries", entries));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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
        http.close();
    }

    private static final class RetryableException extends RuntimeException {
        RetryableException(String message) {
            super(message);
        }
    }
}
