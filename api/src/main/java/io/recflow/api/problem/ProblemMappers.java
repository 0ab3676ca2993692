package io.recflow.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.recflow.activities.lineage.LineageNotFoundException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Turns every error into problem+json with a message a person can act on. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(Problem.of(e.status(), e.title(), e.getMessage(), request.path(), e.errors()));
    }

    @ServerExceptionMapper
    public Response notFound(LineageNotFoundException e, HttpServerRequest request) {
        return problem(ProblemException.notFound(e.getMessage()), request);
    }

    /**
     * A body that is not JSON, JSON of the wrong shape, or a field the request has no place for: say what and
     * where. Ahead of Quarkus' own mappers for these exceptions, which answer plain JSON without the location.
     */
    @ServerExceptionMapper(value = {JsonProcessingException.class, MismatchedInputException.class},
            priority = Priorities.USER - 100)
    public Response unreadableJson(JsonProcessingException e, HttpServerRequest request) {
        return problem(UnreadableBody.of(e), request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        // Quarkus wraps a body that does not parse at all (not JSON) in a plain 400.
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable, request);
        }
        int status = e.getResponse().getStatus();
        String detail = status == 415 ? "the request body must be JSON, sent with Content-Type: application/json"
                : e.getMessage();
        return respond(Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), detail, request.path(),
                List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpServerRequest request) {
        // Not a fault of recflow's: Temporal is down or restarting, and the same request will work once it is back.
        if (TemporalErrors.unreachable(e)) {
            LOG.warnf("Temporal unreachable on %s: %s", request.path(), TemporalErrors.describe(e));
            return problem(ProblemException.unavailable("Temporal did not answer (" + TemporalErrors.describe(e)
                    + "); try again when it is reachable"), request);
        }
        LOG.errorf(e, "unexpected error on %s", request.path());
        return respond(Problem.of(500, "Internal error",
                "recflow failed to handle this request: " + e.getMessage() + " (see the server log)", request.path(),
                List.of()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
