package dev.virtus.scan.service.http;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.config.VirtusConfig;
import dev.virtus.scan.fetch.FetchException;
import dev.virtus.scan.function.ClassifyRequest;
import dev.virtus.scan.infer.InferenceException;
import dev.virtus.scan.provenance.Provenance;
import dev.virtus.scan.classify.ProvenanceCheck;
import dev.virtus.scan.service.batch.DynamicBatcher;
import dev.virtus.scan.service.model.ModelLoader;
import dev.virtus.scan.service.model.ServingModel;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /classify}: the Lambda {@code classify} function over HTTP, with the same request and answer
 * JSON, through the dynamic batcher. {@link Admission} has taken the request's room in the batcher before
 * its body was read (503 + Retry-After when there was none); a model still loading is a 503 too. The worker
 * thread parses the request and fetches the bytes (bounded by {@link FetchGate}), then is free again while
 * the image waits for its batch.
 */
@Path(ClassifyResource.PATH)
public class ClassifyResource {

    static final String PATH = "/classify";
    static final String SOURCE = "http";

    private final FetchGate fetches;
    private final ModelLoader loader;
    private final ProvenanceCheck provenance;

    public ClassifyResource(FetchGate fetches, ModelLoader loader, VirtusConfig config) {
        this.fetches = fetches;
        this.loader = loader;
        this.provenance = ProvenanceCheck.from(config.provenance());
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<ClassificationResult> classify(Map<String, Object> request, RoutingContext context) {
        var source = ClassifyRequest.from(request).source();
        ServingModel model = loader.require();
        byte[] bytes;
        try {
            bytes = fetches.fetch(source);
        } catch (FetchException e) {
            if (e.reason() != FetchException.Reason.TOO_LARGE) {
                throw e;
            }
            return CompletableFuture.completedFuture(ClassificationResult.overByteLimit(e, model.classifier().modelName()));
        }
        Provenance read = provenance.read(bytes);
        var decided = provenance.decide(read, model.classifier().modelName());
        if (decided.isPresent()) {
            // the admission's reservation, unused, is given back when the response ends
            return CompletableFuture.completedFuture(decided.get());
        }
        DynamicBatcher.Reservation reservation = Admission.reservation(context);
        CompletableFuture<ClassificationResult> answer = reservation != null
                ? model.batcher().submit(reservation, bytes, SOURCE)
                // the model was loaded after this request was admitted
                : model.batcher().trySubmit(bytes, SOURCE);
        return answer.thenApply(verdict -> verdict.withProvenance(read)).exceptionallyCompose(ClassifyResource::failure);
    }

    /** An Error of the batch (e.g. OutOfMemoryError) is this request's 500, not the server's. */
    private static CompletionStage<ClassificationResult> failure(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof RuntimeException runtime) {
            return CompletableFuture.failedFuture(runtime);
        }
        return CompletableFuture.failedFuture(new InferenceException("classifying the image failed: " + cause, cause));
    }
}
