package dev.virtus.scan.service.http;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.virtus.scan.service.batch.BatcherFullException;
import dev.virtus.scan.service.batch.DynamicBatcher;
import dev.virtus.scan.service.config.ServiceConfig;
import dev.virtus.scan.service.model.ModelLoader;
import dev.virtus.scan.service.model.ModelNotLoadedException;
import dev.virtus.scan.service.model.ServingModel;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Admission before work: a {@code POST /classify} takes its room in the batcher on the event loop, from the
 * request line and headers alone, before its body is read, parsed or decoded. With no room (or no model
 * yet) it is answered 503 + Retry-After at once and its body is never buffered, so overload costs a refused caller next to
 * nothing and the admitted ones keep the CPU (or GPU). The room travels with the request
 * ({@link #reservation(RoutingContext)}) and is given back when the response ends unless an image used it.
 * The body itself is bounded by {@code quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class);
    private static final String RESERVATION = Admission.class.getName() + ".reservation";
    /** Before Quarkus REST's route, after nothing that reads bodies. */
    static final int ROUTE_ORDER = -100;

    private final ModelLoader loader;
    private final String retryAfter;
    private final int capacity;
    private final ObjectMapper json;

    public Admission(ModelLoader loader, ServiceConfig config, ObjectMapper json) {
        this.loader = loader;
        this.retryAfter = Integer.toString(config.batch().retryAfterSeconds());
        this.capacity = config.batch().queueCapacity();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.post(ClassifyResource.PATH).order(ROUTE_ORDER).handler(this::admit);
        LOG.debugf("POST %s is admitted before its body is read", ClassifyResource.PATH);
    }

    void admit(RoutingContext context) {
        ServingModel model;
        try {
            model = loader.require();
        } catch (ModelNotLoadedException e) {
            refuse(context, e.getMessage());
            return;
        }
        DynamicBatcher.Reservation reservation = model.batcher().tryReserve().orElse(null);
        if (reservation == null) {
            refuse(context, new BatcherFullException(capacity).getMessage());
            return;
        }
        context.put(RESERVATION, reservation);
        context.addEndHandler(ended -> reservation.close());
        context.next();
    }

    private void refuse(RoutingContext context, String message) {
        String body;
        try {
            body = json.writeValueAsString(Map.of("error", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // The body the caller sends anyway is dropped as it arrives (no handler takes it, nothing buffers it),
        // and the connection stays open: a new connection per refusal would cost both sides more.
        context.request().resume();
        context.response().setStatusCode(503)
                .putHeader(HttpHeaders.RETRY_AFTER, retryAfter)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }

    /** The room this request took in the batcher, if admission ran for it. */
    static DynamicBatcher.Reservation reservation(RoutingContext context) {
        return context.get(RESERVATION);
    }
}
