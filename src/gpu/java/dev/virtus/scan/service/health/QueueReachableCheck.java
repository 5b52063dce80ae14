package dev.virtus.scan.service.health;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.virtus.scan.service.config.ServiceConfig;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** When {@code virtus.sqs.queue-url} is set: ready while the queue answers, its backlog as data. */
@Readiness
@ApplicationScoped
public class QueueReachableCheck implements HealthCheck {

    private final ServiceConfig.Sqs config;
    private final Supplier<SqsClient> sqs;

    @Inject
    public QueueReachableCheck(ServiceConfig config, Instance<SqsClient> sqs) {
        this(config.sqs(), sqs::get);
    }

    public QueueReachableCheck(ServiceConfig.Sqs config, Supplier<SqsClient> sqs) {
        this.config = config;
        this.sqs = sqs;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("queue");
        if (config.queueUrl().isEmpty()) {
            return response.up().withData("queueUrl", "none (HTTP only)").build();
        }
        String queueUrl = config.queueUrl().get();
        try {
            var attributes = sqs.get().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes();
            return response.up().withData("queueUrl", queueUrl)
                    .withData("visible", attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "?"))
                    .withData("inFlight", attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "?"))
                    .build();
        } catch (SdkException e) {
            return response.down().withData("queueUrl", queueUrl).withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
