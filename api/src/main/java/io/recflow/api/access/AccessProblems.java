package io.recflow.api.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.recflow.api.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/** 401 and 403 as problem+json that say what is missing: a token, or which permission and who holds it. */
public class AccessProblems {

    static final String SIGN_IN = "send 'Authorization: Bearer <token>': an admin creates tokens with"
            + " ./recflow token create (the first admin token is in the data directory's " + FirstAdminToken.FILE + ")";

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return unauthorized("this needs a signed-in caller: " + SIGN_IN, request);
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        String why = e.getMessage() == null ? "the bearer token is unknown, expired or revoked" : e.getMessage();
        return unauthorized(why + "; " + SIGN_IN, request);
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response forbidden(ForbiddenException e, HttpServerRequest request, ResourceInfo resource) {
        if (identity.isAnonymous()) {
            return unauthorized("this needs a signed-in caller: " + SIGN_IN, request);
        }
        String detail = e.getMessage() != null ? e.getMessage() : notAllowed(request, resource.getResourceMethod());
        return respond(Problem.of(403, "Forbidden", detail, request.path(), List.of()), null);
    }

    private String notAllowed(HttpServerRequest request, Method method) {
        Role role = SignedInIdentity.role(identity);
        if (role == null) {
            return SignedInIdentity.whyNoRole(identity);
        }
        String caller = identity.getPrincipal().getName() + " (role " + role.id() + ")";
        RolesAllowed allowed = method == null ? null : method.getAnnotation(RolesAllowed.class);
        if (allowed == null && method != null) {
            allowed = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        if (allowed == null) {
            return caller + " may not " + request.method() + " " + request.path();
        }
        return caller + " may not " + request.method() + " " + request.path() + ": "
                + Role.whatItNeeds(Arrays.asList(allowed.value()));
    }

    private static Response unauthorized(String detail, HttpServerRequest request) {
        return respond(Problem.of(401, "Unauthorized", detail, request.path(), List.of()), "Bearer");
    }

    private static Response respond(Problem problem, String challenge) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (challenge != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return response.build();
    }
}
