package io.recflow.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * A body larger than {@code quarkus.http.limits.max-body-size} gets a problem+json 413 stating the limit.
 * Quarkus refuses it with an empty 413 from a route of its own; this route runs just before that one and
 * answers itself when the declared Content-Length is over the limit. A chunked body declares no length, and
 * Quarkus would cut it off with its empty 413 deep in the body reader: such a body is read here instead, by
 * Vert.x's body handler up to the limit (the endpoint then reads it from memory), and a longer one fails the
 * route with 413, which the failure handler answers as a problem.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Quarkus' limit route ({@code HttpServerCommonHandlers.enforceMaxBodySize}) has order -2. */
    private static final int BEFORE_QUARKUS_LIMIT = -3;
    private static final String SETTING = "quarkus.http.limits.max-body-size";

    @ConfigProperty(name = SETTING)
    Optional<MemorySize> limit;
    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        limit.ifPresent(max -> {
            BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(max.asLongValue());
            router.route().order(BEFORE_QUARKUS_LIMIT)
                    .handler(context -> refuseOversized(context, max.asLongValue(), chunkedBodies))
                    .failureHandler(context -> refuseOversizedChunks(context, max.asLongValue()));
        });
    }

    private void refuseOversized(RoutingContext context, long max, BodyHandler chunkedBodies) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            if (context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true)) {
                chunkedBodies.handle(context);
            } else {
                context.next();
            }
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length);
        } catch (NumberFormatException e) {
            context.next();  // Quarkus refuses a length that is no number itself
            return;
        }
        if (declared <= max) {
            context.next();
            return;
        }
        refuse(context, "the request body is " + declared + " bytes; at most " + max + " bytes are accepted ("
                + SETTING + ")");
    }

    private void refuseOversizedChunks(RoutingContext context, long max) {
        if (context.statusCode() != 413 || context.response().headWritten()) {
            context.next();
            return;
        }
        refuse(context, "the chunked request body grew past " + max + " bytes, the most accepted (" + SETTING + ")");
    }

    private void refuse(RoutingContext context, String detail) {
        Problem problem = Problem.of(413, Response.Status.REQUEST_ENTITY_TOO_LARGE.getReasonPhrase(), detail,
                context.request().path(), List.of());
        // The body is left unread, so the connection cannot carry another request: close it once answered.
        context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(done -> context.request().connection().close())
                .end(serialized(problem));
    }

    private String serialized(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
