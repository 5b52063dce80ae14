package dev.virtus.scan.service.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import dev.virtus.scan.service.model.ModelLoader;

/**
 * Alive unless the batcher's inference thread has ended on its own: it survives failing batches (their images
 * get the error), so this is DOWN only when nothing can be classified any more and restarting the task helps.
 * While the model loads there is no thread yet: UP (readiness says loading).
 */
@Liveness
@ApplicationScoped
public class InferenceLivenessCheck implements HealthCheck {

    private final ModelLoader loader;

    public InferenceLivenessCheck(ModelLoader loader) {
        this.loader = loader;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("inference");
        Throwable died = loader.model().map(model -> model.batcher().died()).orElse(null);
        if (died != null) {
            return response.down().withData("error", died.toString()).build();
        }
        return response.up().withData("model", loader.model().isPresent() ? "loaded" : "loading").build();
    }
}
