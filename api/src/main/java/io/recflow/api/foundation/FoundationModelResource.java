package io.recflow.api.foundation;

import io.recflow.workflows.foundation.FoundationImportRequest;
import io.recflow.api.access.Permission;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * Foundation models over REST. {@code POST} answers 202 with the import's workflow id when it starts
 * (or joins) an import, and 200 when the model is imported already from the same GGUF; the Location is
 * the model, which says IMPORTING, FAILED (with the reason) or IMPORTED.
 */
@Path("/api/v1/foundation-models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Permission.READ)
public class FoundationModelResource {

    @Inject
    FoundationModelService models;

    @RolesAllowed(Permission.ADMIN)
    @POST
    public Response importModel(FoundationImportRequest request) {
        ImportOutcome outcome = models.importModel(request);
        Response.ResponseBuilder response = outcome.started() ? Response.accepted(outcome.model())
                : Response.ok(outcome.model());
        return response.location(URI.create("/api/v1/foundation-models/" + outcome.model().name())).build();
    }

    @GET
    public List<FoundationModelView> list() {
        return models.list();
    }

    @GET
    @Path("/{name}")
    public FoundationModelView get(@PathParam("name") String name) {
        return models.get(name);
    }

    @RolesAllowed(Permission.RUN)
    @POST
    @Path("/{name}/generate")
    public Generation generate(@PathParam("name") String name, GenerateRequest request) {
        return models.generate(name, request);
    }
}
