package io.recflow.api.access;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** API tokens, for admins: create (the secret is in this one answer), list, revoke. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Permission.ADMIN)
public class TokenResource {

    @Inject
    ApiTokens tokens;
    @Inject
    CurrentCaller caller;

    @POST
    public Response create(TokenRequest request) {
        CreatedToken created = tokens.create(request, caller.get());
        return Response.created(URI.create("/api/v1/tokens/" + created.details().id())).entity(created).build();
    }

    @GET
    public List<TokenView> list() {
        return tokens.list();
    }

    @DELETE
    @Path("/{idOrName}")
    public TokenView revoke(@PathParam("idOrName") String idOrName) {
        return tokens.revoke(idOrName, caller.get());
    }
}
