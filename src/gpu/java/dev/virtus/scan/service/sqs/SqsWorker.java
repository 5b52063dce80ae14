package dev.virtus.scan.service.sqs;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.event.ObjectCreated;
import dev.virtus.scan.scan.ScanService;
import dev.virtus.scan.service.model.ModelLoader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Polls the queue of S3 event notifications and scans their objects with {@code scan}'s {@link ScanService}:
 * long polling, up to {@code virtus.sqs.max-messages} per receive, the messages of one receive scanned at
 * once so that their images share batches. A message is deleted only once every object it names is marked;
 * a failure leaves it to come back after its visibility timeout, and to the queue's redrive policy. Stopping
 * ends the polling, finishes the messages in flight, then returns.
 */
@ApplicationScoped
public class SqsWorker {

    private static final Logger LOG = Logger.getLogger(SqsWorker.class);

    /** Before the model closes ({@code ModelLoader}), so that the batch in flight is finished first. */
    static final int STOP_PRIORITY = 1000;

    private final VirtusConfig.Sqs config;
    private final Instance<SqsClient> sqsClient;
    private final ScanService scanner;
    private final ModelLoader loader;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Timer messageAge;
    private volatile boolean running;
    private volatile Throwable died;
    private Thread poller;
    private ExecutorService scanners;

    public SqsWorker(VirtusConfig config, Instance<SqsClient> sqsClient, ScanService scanner, ModelLoader loader,
            ObjectMapper json, MeterRegistry registry) {
        this.config = config.sqs();
        this.sqsClient = sqsClient;
        this.scanner = scanner;
        this.loader = loader;
        this.json = json;
        this.registry = registry;
        this.messageAge = Timer.builder("virtus.sqs.message.age")
                .description("Queue lag: time from a message's sending to its receipt")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.queueUrl().isPresent()) {
            start();
        } else {
            LOG.info("No virtus.sqs.queue-url: the queue worker does not run (HTTP classify only)");
        }
    }

    void onStop(@Observes @Priority(STOP_PRIORITY) ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        String queueUrl = config.queueUrl().orElseThrow(() -> new IllegalStateException("virtus.sqs.queue-url is not set"));
        running = true;
        died = null;
        AtomicInteger threads = new AtomicInteger();
        scanners = Executors.newFixedThreadPool(config.concurrency(), task -> new Thread(task, "virtus-sqs-scan-" + threads.incrementAndGet()));
        poller = new Thread(() -> poll(queueUrl), "virtus-sqs-poller");
        poller.start();
    }

    /** Stops receiving, waits for the messages in flight to be scanned (and deleted, or left), then returns. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            poller.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scanners.shutdown();
        LOG.info("Queue worker stopped");
    }

    /** Why the polling thread ended on its own, if it did. */
    public Throwable died() {
        return died;
    }

    public boolean running() {
        return running;
    }

    private void poll(String queueUrl) {
        try {
            LOG.infof("Queue worker waits for the model before polling %s", queueUrl);
            loader.awaitModel();
            LOG.infof("Queue worker polls %s", queueUrl);
            while (running) {
                List<Message> messages = receive(queueUrl);
                // Received messages are in flight even when stopping: scan them rather than wait for redelivery.
                scanAll(queueUrl, messages);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            died = e;
            LOG.error("The queue worker stopped on an unexpected error", e);
        }
    }

    private List<Message> receive(String queueUrl) throws InterruptedException {
        ReceiveMessageRequest.Builder request = ReceiveMessageRequest.builder()
                .queueUrl(queueUrl)
                .maxNumberOfMessages(config.maxMessages())
                .waitTimeSeconds((int) config.waitTime().toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP, MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        config.visibilityTimeout().ifPresent(timeout -> request.visibilityTimeout((int) timeout.toSeconds()));
        try {
            List<Message> messages = sqsClient.get().receiveMessage(request.build()).messages();
            long now = System.currentTimeMillis();
            for (Message message : messages) {
                String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
                if (sent != null) {
                    messageAge.record(Duration.ofMillis(Math.max(0, now - Long.parseLong(sent))));
                }
            }
            return messages;
        } catch (SdkException e) {
            LOG.warnf("Receiving from %s failed, trying again in 1 s: %s", queueUrl, e.getMessage());
            Thread.sleep(1000);
            return List.of();
        }
    }

    private void scanAll(String queueUrl, List<Message> messages) throws InterruptedException {
        List<Future<?>> inFlight = new ArrayList<>(messages.size());
        for (Message message : messages) {
            inFlight.add(scanners.submit(() -> scan(queueUrl, message)));
        }
        for (Future<?> future : inFlight) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.error("Scanning a queue message failed unexpectedly", e.getCause());
            }
        }
    }

    private void scan(String queueUrl, Message message) {
        List<ObjectCreated> objects;
        try {
            objects = QueueMessages.objectsCreated(json, message);
        } catch (IOException e) {
            count("unreadable");
            LOG.errorf("Message %s is not an S3 event notification, left for the redrive policy: %s", message.messageId(), e.getMessage());
            return;
        }
        if (objects.isEmpty()) {
            LOG.infof("Message %s names no created object (e.g. s3:TestEvent): deleted", message.messageId());
            delete(queueUrl, message, "ignored");
            return;
        }
        try {
            scanner.scanAll(objects);
        } catch (RuntimeException e) {
            count("retried");
            LOG.warnf("Message %s (receive %s) is left for redelivery: %s", message.messageId(),
                    message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT), e.getMessage());
            return;
        }
        delete(queueUrl, message, "scanned");
    }

    private void delete(String queueUrl, Message message, String outcome) {
        try {
            sqsClient.get().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            count(outcome);
        } catch (SdkException e) {
            // Its objects are marked already: the redelivered message finds them so and is deleted then.
            count("delete-failed");
            LOG.warnf("Deleting message %s failed, it will come again: %s", message.messageId(), e.getMessage());
        }
    }

    private void count(String outcome) {
        Counter.builder("virtus.sqs.messages").description("Queue messages handled, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }
}
