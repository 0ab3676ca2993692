package io.recflow.api.sweeps;

import io.recflow.api.access.Permission;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** Sweeps over REST: start (idempotent with an Idempotency-Key), list, show with the table, cancel. */
@Path("/api/v1/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Permission.READ)
public class SweepResource {

    @Inject
    SweepService sweeps;

    @RolesAllowed(Permission.RUN)
    @POST
    public Response start(SweepRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        SweepView sweep = sweeps.start(request, idempotencyKey);
        return Response.accepted(sweep).location(URI.create(sweep.links().get("self"))).build();
    }

    @GET
    public List<SweepSummary> list(@QueryParam("status") String status,
                                   @QueryParam("limit") @DefaultValue("50") int limit) {
        return sweeps.list(status, limit);
    }

    @GET
    @Path("/{id}")
    public SweepView get(@PathParam("id") String id) {
        return sweeps.view(id);
    }

    @RolesAllowed(Permission.RUN)
    @POST
    @Path("/{id}/cancel")
    public SweepView cancel(@PathParam("id") String id) {
        return sweeps.cancel(id);
    }
}
