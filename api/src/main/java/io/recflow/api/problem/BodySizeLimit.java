package io.recflow.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
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
 * answers itself when the declared Content-Length is over the limit. A chunked body declares no length:
 * Quarkus still cuts it off with its empty 413 once it grows past the limit.
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
        limit.ifPresent(max -> router.route().order(BEFORE_QUARKUS_LIMIT)
                .handler(context -> refuseOversized(context, max.asLongValue())));
    }

    private void refuseOversized(RoutingContext context, long max) {
        long declared;
        try {
            declared = Long.parseLong(String.valueOf(context.request().getHeader(HttpHeaders.CONTENT_LENGTH)));
        } catch (NumberFormatException e) {
            context.next();  // no length declared (chunked), or one Quarkus refuses itself
            return;
        }
        if (declared <= max) {
            context.next();
            return;
        }
        Problem problem = Problem.of(413, Response.Status.REQUEST_ENTITY_TOO_LARGE.getReasonPhrase(),
                "the request body is " + declared + " bytes; at most " + max + " bytes are accepted (" + SETTING + ")",
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
