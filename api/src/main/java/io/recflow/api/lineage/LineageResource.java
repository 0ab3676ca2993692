package io.recflow.api.lineage;

import io.recflow.activities.lineage.LineageGraph;
import io.recflow.api.access.Permission;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** "Which data, tokenizer, code and config made this, and what else used that data?" */
@Path("/api/v1/lineage")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Permission.READ)
public class LineageResource {

    @Inject
    LineageService lineage;

    /** The artifact stored at {@code uri} (e.g. one a run's stage lists), with the id its lineage starts from. */
    @GET
    @Path("/artifacts")
    public ArtifactView artifactAt(@QueryParam("uri") String uri) {
        return lineage.artifactAt(uri);
    }

    @GET
    @Path("/artifacts/{id}")
    public LineageGraph artifact(@PathParam("id") long id,
                                 @QueryParam("direction") @DefaultValue("upstream") String direction,
                                 @QueryParam("depth") @DefaultValue("10") int depth) {
        return lineage.graph(id, direction, depth);
    }
}
