package dev.virtus.scan.service.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import dev.virtus.scan.service.sqs.SqsWorker;

/** Alive unless the queue worker's polling thread ended on an unexpected error: restarting the task helps then. */
@Liveness
@ApplicationScoped
public class WorkerLivenessCheck implements HealthCheck {

    private final SqsWorker worker;

    public WorkerLivenessCheck(SqsWorker worker) {
        this.worker = worker;
    }

    @Override
    public HealthCheckResponse call() {
        Throwable died = worker.died();
        var response = HealthCheckResponse.named("queue-worker").status(died == null).withData("polling", worker.running());
        if (died != null) {
            response.withData("error", died.toString());
        }
        return response.build();
    }
}
