package dev.virtus.scan.service.http;

import java.util.Map;
import java.util.concurrent.CompletionException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.virtus.scan.classify.ClassificationResult;
import dev.virtus.scan.fetch.FetchException;
import dev.virtus.scan.fetch.ImageFetcher;
import dev.virtus.scan.function.ClassifyRequest;
import dev.virtus.scan.service.batch.DynamicBatcher;
import dev.virtus.scan.service.model.LoadedModel;
import dev.virtus.scan.service.model.ModelLoader;

/**
 * {@code POST /classify}: the Lambda {@code classify} function over HTTP, with the same request and answer
 * JSON, through the dynamic batcher. A full batcher or a model still loading is a 503 with Retry-After.
 */
@Path("/classify")
public class ClassifyResource {

    static final String SOURCE = "http";

    private final ImageFetcher fetcher;
    private final ModelLoader loader;

    public ClassifyResource(ImageFetcher fetcher, ModelLoader loader) {
        this.fetcher = fetcher;
        this.loader = loader;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ClassificationResult classify(Map<String, Object> request) {
        var source = ClassifyRequest.from(request).source();
        LoadedModel model = loader.require();
        byte[] bytes;
        try {
            bytes = fetcher.fetch(source);
        } catch (FetchException e) {
            if (e.reason() != FetchException.Reason.TOO_LARGE) {
                throw e;
            }
            return ClassificationResult.overByteLimit(e, model.classifier().modelName());
        }
        return await(model.batcher(), bytes);
    }

    private static ClassificationResult await(DynamicBatcher batcher, byte[] bytes) {
        try {
            return batcher.trySubmit(bytes, SOURCE).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
