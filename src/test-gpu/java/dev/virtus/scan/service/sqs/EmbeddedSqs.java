package dev.virtus.scan.service.sqs;

import java.net.URI;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A real SQS server (ElasticMQ) in the test JVM on a free loopback port, with one queue whose visibility
 * timeout is short enough for a test to see redeliveries; its URL goes to {@code virtus.sqs.queue-url}.
 */
public class EmbeddedSqs implements QuarkusTestResourceLifecycleManager {

    public static final String QUEUE = "uploads-events";
    /** Seconds before a received, undeleted message is delivered again. */
    public static final int VISIBILITY_TIMEOUT = 2;

    private static SQSRestServer server;
    private static URI endpoint;
    private static String queueUrl;

    @Override
    public Map<String, String> start() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
        // The worker's client takes the SDK's default credential chain, as on ECS.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try (SqsClient sqs = client()) {
            queueUrl = sqs.createQueue(b -> b.queueName(QUEUE)
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(VISIBILITY_TIMEOUT)))).queueUrl();
        }
        return Map.of(
                "virtus.sqs.queue-url", queueUrl,
                "virtus.sqs.endpoint-override", endpoint.toString(),
                "virtus.sqs.region", "us-east-1",
                "virtus.sqs.wait-time", "1s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stopAndWait();
            server = null;
        }
    }

    public static String queueUrl() {
        return queueUrl;
    }

    /** A client of the test's own, for sending notifications and looking at the queue. */
    public static SqsClient client() {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Messages in the queue, visible or in flight. */
    public static int messagesLeft() {
        try (SqsClient sqs = client()) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes();
            return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }
    }

    /** Messages received and neither deleted nor visible again yet. */
    public static int messagesInFlight() {
        try (SqsClient sqs = client()) {
            return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }
    }
}
