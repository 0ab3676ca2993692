package io.recflow.api.pipelines;

import io.recflow.workflows.pipeline.Approval;
import io.recflow.workflows.spec.PipelineSpec;
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

/** Pipelines over REST: start (idempotent with an Idempotency-Key), list, inspect, steer. */
@Path("/api/v1/pipelines")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Permission.READ)
public class PipelineResource {

    @Inject
    PipelineService pipelines;
    @Inject
    PipelineReruns reruns;

    @RolesAllowed(Permission.RUN)
    @POST
    public Response start(PipelineSpec spec, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        PipelineView run = pipelines.start(spec, idempotencyKey);
        return Response.accepted(run).location(URI.create(run.links().get("self"))).build();
    }

    /**
     * A new run of {@code id} with the request's changes to its spec, computing again from the stage
     * {@code from}: the stages before it reuse the earlier results their inputs still match.
     */
    @RolesAllowed(Permission.RUN)
    @POST
    @Path("/{id}/rerun")
    public Response rerun(@PathParam("id") String id, RerunRequest request,
                          @HeaderParam("Idempotency-Key") String idempotencyKey) {
        PipelineView run = reruns.rerun(id, request, idempotencyKey);
        return Response.accepted(run).location(URI.create(run.links().get("self"))).build();
    }

    @GET
    public List<PipelineSummary> list(@QueryParam("status") String status,
                                      @QueryParam("limit") @DefaultValue("50") int limit) {
        return pipelines.list(status, limit);
    }

    @GET
    @Path("/{id}")
    public PipelineView get(@PathParam("id") String id) {
        return pipelines.view(id);
    }

    @GET
    @Path("/{id}/history")
    public String history(@PathParam("id") String id) {
        return pipelines.history(id);
    }

    @RolesAllowed(Permission.RUN)
    @POST
    @Path("/{id}/cancel")
    public PipelineView cancel(@PathParam("id") String id) {
        return pipelines.cancel(id);
    }

    @RolesAllowed(Permission.APPROVE)
    @POST
    @Path("/{id}/approve")
    public PipelineView approve(@PathParam("id") String id, Approval approval) {
        return pipelines.decide(id, true, approval);
    }

    @RolesAllowed(Permission.APPROVE)
    @POST
    @Path("/{id}/reject")
    public PipelineView reject(@PathParam("id") String id, Approval approval) {
        return pipelines.decide(id, false, approval);
    }
}
