package dev.virtus.scan.service.sqs;

import java.time.Duration;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.virtus.scan.service.config.ServiceConfig;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS client of the queue worker: default credential chain, {@code virtus.sqs.*} for region and endpoint.
 * Its connection pool fits the worker: one connection per message in flight (delete, visibility extension),
 * plus the long poll and the readiness check, so no call waits for a connection.
 */
public class SqsClientProducer {

    /** The long poll, the readiness check's GetQueueAttributes, and one spare. */
    private static final int EXTRA_CONNECTIONS = 3;

    @Produces
    @Singleton
    SqsClient sqsClient(ServiceConfig config) {
        var http = ApacheHttpClient.builder()
                .maxConnections(config.sqs().concurrency() + EXTRA_CONNECTIONS)
                .connectionTimeout(Duration.ofSeconds(5))
                // above the long poll's wait (at most 20 s)
                .socketTimeout(config.sqs().waitTime().plusSeconds(10));
        var builder = SqsClient.builder().httpClientBuilder(http);
        config.sqs().endpointOverride().ifPresent(builder::endpointOverride);
        config.sqs().region().map(Region::of).ifPresent(builder::region);
        return builder.build();
    }

    void close(@Disposes SqsClient client) {
        client.close();
    }
}
