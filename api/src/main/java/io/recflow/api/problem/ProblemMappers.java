package io.recflow.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.recflow.activities.lineage.LineageNotFoundException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Turns every error into problem+json with a message a person can act on. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(new Problem(typeOf(e.status()), e.title(), e.status(), e.getMessage(), request.path(),
                e.errors()));
    }

    @ServerExceptionMapper
    public Response notFound(LineageNotFoundException e, HttpServerRequest request) {
        return problem(ProblemException.notFound(e.getMessage()), request);
    }

    /**
     * A body that is not JSON, or JSON of the wrong shape: say where. Ahead of Quarkus' own mappers for
     * these exceptions, which answer plain JSON without the location.
     */
    @ServerExceptionMapper(value = {JsonProcessingException.class, MismatchedInputException.class},
            priority = Priorities.USER - 100)
    public Response unreadableJson(JsonProcessingException e, HttpServerRequest request) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? " (field '" + mapping.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")) + "')"
                : "";
        return respond(new Problem(typeOf(400), "Unreadable JSON", 400,
                "the request body is not valid JSON for this endpoint" + where + field + ": " + e.getOriginalMessage(),
                request.path(), List.of()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        String detail = status == 413 ? "the request body is too large" : e.getMessage();
        return respond(new Problem(typeOf(status), e.getResponse().getStatusInfo().getReasonPhrase(), status, detail,
                request.path(), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpServerRequest request) {
        LOG.errorf(e, "unexpected error on %s", request.path());
        return respond(new Problem(typeOf(500), "Internal error", 500,
                "recflow failed to handle this request: " + e.getMessage() + " (see the server log)", request.path(),
                List.of()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String typeOf(int status) {
        return "about:blank";
    }
}
