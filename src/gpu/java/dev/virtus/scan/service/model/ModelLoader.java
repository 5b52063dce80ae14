package dev.virtus.scan.service.model;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import dev.virtus.scan.classify.ImageClassifier;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.faces.FaceFinder;
import dev.virtus.scan.infer.OnnxSession;
import dev.virtus.scan.model.ModelBundle;
import dev.virtus.scan.model.ModelBundleLoader;
import dev.virtus.scan.service.batch.DynamicBatcher;
import dev.virtus.scan.service.config.ServiceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Loads the model in the background, so that the service answers health checks (not ready) while a large
 * model downloads and ONNX Runtime initialises the GPU. A failed load is retried after
 * {@code virtus.model.load-retry-delay}, readiness reporting the last error meanwhile. With {@code virtus.faces.mode}
 * crop or require, the face detector is created with the model (a missing detector fails the load) and closed with it.
 */
@ApplicationScoped
public class ModelLoader {

    private static final Logger LOG = Logger.getLogger(ModelLoader.class);

    /** After the queue worker (which stops first, finishing its batch) and before the S3 client closes. */
    static final int CLOSE_PRIORITY = 3000;

    private final VirtusConfig config;
    private final ServiceConfig service;
    private final Instance<S3Client> s3;
    private final MeterRegistry registry;
    private final CompletableFuture<ServingModel> loaded = new CompletableFuture<>();
    private volatile String lastError;
    private volatile boolean stopping;
    private Thread loader;

    public ModelLoader(VirtusConfig config, ServiceConfig service, Instance<S3Client> s3, MeterRegistry registry) {
        this.config = config;
        this.service = service;
        this.s3 = s3;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        loader = new Thread(this::loadUntilDone, "virtus-model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private void loadUntilDone() {
        Duration retry = service.model().loadRetryDelay();
        while (!stopping) {
            try {
                loaded.complete(load());
                lastError = null;
                return;
            } catch (RuntimeException e) {
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.errorf("Loading the model from %s failed (retrying in %s): %s", config.model().location(), retry, lastError);
            }
            try {
                Thread.sleep(retry.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private ServingModel load() {
        ModelBundle bundle = ModelBundleLoader.load(config.model(), s3::get);
        OnnxSession session = new OnnxSession(bundle, config);
        Optional<FaceFinder> faces = Optional.empty();
        try {
            faces = FaceFinder.create(bundle, config);
            ImageClassifier classifier = new ImageClassifier(bundle, session, config, faces);
            return new ServingModel(bundle, session, faces, classifier, new DynamicBatcher(classifier, service.batch(), registry));
        } catch (RuntimeException e) {
            faces.ifPresent(FaceFinder::close);
            session.close();
            throw e;
        }
    }

    /** The model, once loaded. */
    public Optional<ServingModel> model() {
        return Optional.ofNullable(loaded.getNow(null));
    }

    /** The model, waiting for it while it loads. */
    public ServingModel awaitModel() throws InterruptedException {
        try {
            return loaded.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The model, or why there is none yet. */
    public ServingModel require() {
        return model().orElseThrow(() -> new ModelNotLoadedException(lastError == null
                ? "the model is still loading"
                : "the model could not be loaded yet: " + lastError));
    }

    /** Why the last attempt to load failed; empty while the first attempt runs, or once loaded. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    void onStop(@Observes @Priority(CLOSE_PRIORITY) ShutdownEvent event) {
        stopping = true;
        if (loader != null) {
            loader.interrupt();
        }
        model().ifPresent(ServingModel::close);
    }
}
