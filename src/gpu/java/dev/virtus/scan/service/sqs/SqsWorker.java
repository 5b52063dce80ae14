package dev.virtus.scan.service.sqs;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.bucket.ScanService;
import dev.virtus.scan.event.ObjectCreated;
import dev.virtus.scan.report.Trigger;
import dev.virtus.scan.service.config.ServiceConfig;
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
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Polls the queue of S3 event notifications and scans their objects with {@code scan}'s {@link ScanService}.
 * Long polling, up to {@code virtus.sqs.max-messages} per receive; every message is scanned on its own as
 * soon as it arrives, at most {@code virtus.sqs.concurrency} at once, and the poller receives again as soon
 * as one finishes, so a slow message holds up nobody (their images still meet in the batcher). While a
 * message is worked on, its visibility timeout is extended every half timeout, so that a slow scan is not
 * delivered to a second worker. A message is deleted only once every object it names is marked; a failure
 * ({@link Error}s included) leaves it to come back after its visibility timeout, and to the queue's redrive
 * policy. Stopping ends the polling, finishes the messages in flight, then returns.
 */
@ApplicationScoped
public class SqsWorker {

    private static final Logger LOG = Logger.getLogger(SqsWorker.class);

    /** Before the model closes ({@code ModelLoader}), so that the batch in flight is finished first. */
    static final int STOP_PRIORITY = 1000;

    /** The visibility timeout assumed when the queue's cannot be read and none is configured (SQS's default). */
    private static final Duration DEFAULT_VISIBILITY = Duration.ofSeconds(30);

    /** What the worker does with the objects of one message: {@link ScanService#scanAll}, failing if any failed. */
    @FunctionalInterface
    interface Scanner {
        void scanAll(List<ObjectCreated> objects);
    }

    /** Waits until the model is there (the worker polls only then). */
    @FunctionalInterface
    interface ModelGate {
        void await() throws InterruptedException;
    }

    private final ServiceConfig.Sqs config;
    private final Supplier<SqsClient> sqsClient;
    private final Scanner scanner;
    private final ModelGate model;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Timer messageAge;
    private volatile boolean running;
    private volatile Throwable died;
    private Thread poller;
    private ExecutorService scanners;
    private ScheduledExecutorService heartbeats;
    private Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();

    @Inject
    public SqsWorker(ServiceConfig config, Instance<SqsClient> sqsClient, ScanService scanner, ModelLoader loader,
            ObjectMapper json, MeterRegistry registry) {
        this(config.sqs(), sqsClient::get, objects -> scanner.scanAll(objects, Trigger.QUEUE), loader::awaitModel, json, registry);
    }

    SqsWorker(ServiceConfig.Sqs config, Supplier<SqsClient> sqsClient, Scanner scanner, ModelGate model, ObjectMapper json,
            MeterRegistry registry) {
        if (config.concurrency() < 1 || config.maxMessages() < 1 || config.maxMessages() > 10 || config.maxRecordsPerMessage() < 1) {
            throw new IllegalArgumentException("virtus.sqs.concurrency and virtus.sqs.max-records-per-message must be at least 1,"
                    + " virtus.sqs.max-messages 1 to 10");
        }
        this.config = config;
        this.sqsClient = sqsClient;
        this.scanner = scanner;
        this.model = model;
        this.json = json;
        this.registry = registry;
        this.messageAge = Timer.builder("virtus.sqs.message.age")
                .description("Queue lag: time from a message's sending to its receipt")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        registry.gauge("virtus.sqs.messages.in.flight", inFlight);
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
        slots = new Semaphore(config.concurrency());
        AtomicInteger threads = new AtomicInteger();
        scanners = Executors.newFixedThreadPool(config.concurrency(), task -> new Thread(task, "virtus-sqs-scan-" + threads.incrementAndGet()));
        heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "virtus-sqs-visibility");
            thread.setDaemon(true);
            return thread;
        });
        poller = new Thread(() -> poll(queueUrl), "virtus-sqs-poller");
        poller.start();
    }

    /**
     * Stops receiving (the receive in progress ends within {@code virtus.sqs.wait-time}), waits for every message
     * in flight to be scanned (and deleted, or left for redelivery), then returns.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            poller.join();
            scanners.shutdown();
            while (!scanners.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.infof("Queue worker stopping: %d messages still in flight", inFlight.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heartbeats.shutdownNow();
        }
        LOG.info("Queue worker stopped");
    }

    /** Why the polling thread ended on its own, if it did. */
    public Throwable died() {
        return died;
    }

    public boolean running() {
        return running;
    }

    /** Messages received and not yet deleted or left. */
    public int inFlight() {
        return inFlight.get();
    }

    private void poll(String queueUrl) {
        try {
            LOG.infof("Queue worker waits for the model before polling %s", queueUrl);
            model.await();
            Duration visibility = visibilityTimeout(queueUrl);
            LOG.infof("Queue worker polls %s: up to %d messages in flight, visibility %s extended while scanning",
                    queueUrl, config.concurrency(), visibility);
            while (running) {
                // Wait for a free slot, then ask for as many messages as there are free slots.
                if (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int free = 1 + slots.drainPermits();
                int want = Math.min(config.maxMessages(), free);
                slots.release(free - want);
                List<Message> messages = running ? receive(queueUrl, want) : List.of();
                slots.release(want - messages.size());
                // Received messages are in flight even when stopping: scan them rather than wait for redelivery.
                for (Message message : messages) {
                    dispatch(queueUrl, message, visibility);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            died = e;
            LOG.error("The queue worker stopped on an unexpected error", e);
        }
    }

    private Duration visibilityTimeout(String queueUrl) {
        if (config.visibilityTimeout().isPresent()) {
            return config.visibilityTimeout().get();
        }
        try {
            String seconds = sqsClient.get().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                    .attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT);
            return seconds == null ? DEFAULT_VISIBILITY : Duration.ofSeconds(Long.parseLong(seconds));
        } catch (SdkException | NumberFormatException e) {
            LOG.warnf("Cannot read the visibility timeout of %s, assuming %s: %s", queueUrl, DEFAULT_VISIBILITY, e.getMessage());
            return DEFAULT_VISIBILITY;
        }
    }

    /** Scans one message on its own thread (its slot taken by the poller), extending its visibility meanwhile. */
    private void dispatch(String queueUrl, Message message, Duration visibility) {
        inFlight.incrementAndGet();
        long periodMillis = Math.max(500, visibility.toMillis() / 2);
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> extend(queueUrl, message, visibility),
                periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        try {
            scanners.execute(() -> {
                try {
                    scan(queueUrl, message, heartbeat);
                } finally {
                    heartbeat.cancel(false);
                    inFlight.decrementAndGet();
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            heartbeat.cancel(false);
            inFlight.decrementAndGet();
            slots.release();
            throw e;
        }
    }

    private void extend(String queueUrl, Message message, Duration visibility) {
        try {
            sqsClient.get().changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                    .visibilityTimeout((int) Math.max(1, visibility.toSeconds())));
            count("visibility-extended");
        } catch (SdkException e) {
            LOG.warnf("Extending the visibility of message %s failed (it may be delivered again): %s", message.messageId(), e.getMessage());
        }
    }

    private List<Message> receive(String queueUrl, int maxMessages) throws InterruptedException {
        ReceiveMessageRequest.Builder request = ReceiveMessageRequest.builder()
                .queueUrl(queueUrl)
                .maxNumberOfMessages(maxMessages)
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

    private void scan(String queueUrl, Message message, ScheduledFuture<?> heartbeat) {
        List<ObjectCreated> objects;
        try {
            objects = QueueMessages.objectsCreated(json, message, config.maxRecordsPerMessage());
        } catch (IOException e) {
            count("unreadable");
            LOG.errorf("Message %s is not an S3 event notification we scan, left for the redrive policy: %s", message.messageId(), e.getMessage());
            return;
        }
        if (objects.isEmpty()) {
            LOG.infof("Message %s names no created object (e.g. s3:TestEvent): deleted", message.messageId());
            delete(queueUrl, message, heartbeat, "ignored");
            return;
        }
        try {
            scanner.scanAll(objects);
        } catch (RuntimeException | Error e) {
            count("retried");
            LOG.warnf(e instanceof Error ? e : null, "Message %s (receive %s) is left for redelivery: %s", message.messageId(),
                    message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT), e.toString());
            return;
        }
        delete(queueUrl, message, heartbeat, "scanned");
    }

    private void delete(String queueUrl, Message message, ScheduledFuture<?> heartbeat, String outcome) {
        heartbeat.cancel(false);
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
