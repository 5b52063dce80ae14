package dev.virtus.scan.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;

/** Ready once the model's ONNX Runtime session is open, and until it is closed at shutdown. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final OnnxSession session;
    private final ModelBundle bundle;

    public ModelReadinessCheck(OnnxSession session, ModelBundle bundle) {
        this.session = session;
        this.bundle = bundle;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model")
                .status(session.isOpen())
                .withData("model", bundle.displayName())
                .withData("labels", String.join(",", bundle.labels()))
                .build();
    }
}
