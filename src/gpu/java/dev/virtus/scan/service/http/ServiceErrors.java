package dev.virtus.scan.service.http;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.virtus.scan.fetch.FetchException;
import dev.virtus.scan.infer.InferenceException;
import dev.virtus.scan.service.batch.BatcherFullException;
import dev.virtus.scan.service.config.ServiceConfig;
import dev.virtus.scan.service.model.ModelNotLoadedException;

/** HTTP answers for the service's errors, each a JSON {@code {"error": ...}} naming the problem. */
public class ServiceErrors {

    private final int retryAfterSeconds;

    public ServiceErrors(ServiceConfig config) {
        this.retryAfterSeconds = config.batch().retryAfterSeconds();
    }

    @ServerExceptionMapper
    public Response full(BatcherFullException e) {
        return unavailable(e.getMessage());
    }

    /** The batcher is closing (SIGTERM) or its inference thread died (liveness is DOWN then). */
    @ServerExceptionMapper
    public Response stopping(java.util.concurrent.RejectedExecutionException e) {
        return unavailable(e.getMessage());
    }

    @ServerExceptionMapper
    public Response loading(ModelNotLoadedException e) {
        return unavailable(e.getMessage());
    }

    @ServerExceptionMapper
    public Response busy(FetchGate.FetchesBusyException e) {
        return unavailable(e.getMessage());
    }

    @ServerExceptionMapper
    public Response slow(FetchGate.FetchTimeoutException e) {
        return error(Response.status(Response.Status.GATEWAY_TIMEOUT), e.getMessage());
    }

    @ServerExceptionMapper
    public Response fetch(FetchException e) {
        Response.Status status = switch (e.reason()) {
            case INVALID_REQUEST, REFUSED_URL -> Response.Status.BAD_REQUEST;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case CHANGED -> Response.Status.CONFLICT;
            case TOO_LARGE -> Response.Status.REQUEST_ENTITY_TOO_LARGE;
            case TIMED_OUT -> Response.Status.GATEWAY_TIMEOUT;
            case UNAVAILABLE -> Response.Status.BAD_GATEWAY;
            case UNREADABLE -> Response.Status.FORBIDDEN;
        };
        return error(Response.status(status), e.reason() + ": " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response inference(InferenceException e) {
        return error(Response.serverError(), e.getMessage());
    }

    private Response unavailable(String message) {
        return error(Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", retryAfterSeconds), message);
    }

    private static Response error(Response.ResponseBuilder response, String message) {
        return response.type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
