package dev.virtus.scan.service.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.virtus.scan.service.model.ModelLoader;
import dev.virtus.scan.service.model.ServingModel;

/** Ready once the model is loaded and its session open; down while it loads, with the last error if any. */
@Readiness
@ApplicationScoped
public class ModelLoadedCheck implements HealthCheck {

    private final ModelLoader loader;

    public ModelLoadedCheck(ModelLoader loader) {
        this.loader = loader;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("model");
        ServingModel model = loader.model().orElse(null);
        if (model == null) {
            response.down().withData("state", "loading");
            loader.lastError().ifPresent(error -> response.withData("lastError", error));
            return response.build();
        }
        return response.status(model.session().isOpen())
                .withData("state", "loaded")
                .withData("model", model.bundle().displayName())
                .withData("labels", String.join(",", model.bundle().labels()))
                .withData("pending", model.batcher().pending())
                .build();
    }
}
