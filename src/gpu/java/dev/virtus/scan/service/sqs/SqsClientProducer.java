package dev.virtus.scan.service.sqs;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.virtus.scan.config.VirtusConfig;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS client of the queue worker: default credential chain, {@code virtus.sqs.*} for region and endpoint. */
public class SqsClientProducer {

    @Produces
    @Singleton
    SqsClient sqsClient(VirtusConfig config) {
        var builder = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        config.sqs().endpointOverride().ifPresent(builder::endpointOverride);
        config.sqs().region().map(Region::of).ifPresent(builder::region);
        return builder.build();
    }

    void close(@Disposes SqsClient client) {
        client.close();
    }
}
