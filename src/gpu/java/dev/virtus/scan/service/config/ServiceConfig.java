package dev.virtus.scan.service.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code virtus.*} settings only the GPU service reads; the ones it shares with the Lambda functions are in
 * {@link dev.virtus.scan.config.VirtusConfig}. Same prefix, same environment variables.
 */
@ConfigMapping(prefix = "virtus")
public interface ServiceConfig {

    Model model();

    /** Dynamic batching: requests from the queue and from HTTP share ONNX Runtime calls. */
    Batch batch();

    /** The SQS queue the service polls for S3 event notifications. */
    Sqs sqs();

    /** {@code POST /classify}: how much of the caller's fetching it does at once. */
    Http http();

    interface Model {
        /** Wait before loading again after a failed load (readiness is down meanwhile). */
        @WithDefault("10s")
        Duration loadRetryDelay();
    }

    interface Batch {
        /** Most images in one ONNX Runtime call (the service also sets virtus.inference.max-batch-size to it). */
        @WithDefault("16")
        int maxSize();

        /** Longest time the oldest waiting image is held back for a fuller batch. */
        @WithDefault("10ms")
        Duration maxDelay();

        /** Images accepted and not yet answered, decoding included; HTTP gets 503 beyond it, the queue waits. */
        @WithDefault("64")
        int queueCapacity();

        /** Threads that decode and preprocess while ONNX Runtime runs the previous batch. */
        @WithDefault("2")
        int prepareThreads();

        /** The {@code Retry-After} seconds of a 503 answered when the queue is full or the model still loading. */
        @WithDefault("1")
        int retryAfterSeconds();
    }

    interface Sqs {
        /** The queue receiving the bucket's ObjectCreated notifications; no worker runs without it. */
        Optional<String> queueUrl();

        /** Another SQS endpoint, e.g. an emulator. */
        Optional<URI> endpointOverride();

        /** The queue's region; defaults to the SDK's region chain (AWS_REGION). */
        Optional<String> region();

        /** Long-polling wait of one receive (0 to 20 s); shutdown waits for the poll in progress. */
        @WithDefault("20s")
        Duration waitTime();

        /** Messages asked for per receive (1 to 10). */
        @WithDefault("10")
        int maxMessages();

        /**
         * Visibility timeout set on received messages; a message whose objects are not all tagged within it is
         * delivered again. Empty: the queue's own setting.
         */
        Optional<Duration> visibilityTimeout();

        /** Messages scanned at once; their images meet in the batcher. */
        @WithDefault("16")
        int concurrency();

        /**
         * Records one message may name (S3 sends one per message); a message with more is not scanned but left
         * for the queue's redrive policy, so that a sender cannot pack a whole message (256 KB) with objects.
         */
        @WithDefault("10")
        int maxRecordsPerMessage();
    }

    interface Http {
        /** URL and S3 downloads of {@code POST /classify} running at once; a request beyond them gets 503. */
        @WithDefault("8")
        int fetchConcurrency();

        /**
         * Longest a {@code POST /classify} download, URL or S3, may take in all (connect, redirects, body); beyond
         * it 504. Follows {@code virtus.fetch.total-timeout}, the URL fetcher's own limit, unless set.
         */
        @WithDefault("${virtus.fetch.total-timeout}")
        Duration fetchTimeout();
    }
}
