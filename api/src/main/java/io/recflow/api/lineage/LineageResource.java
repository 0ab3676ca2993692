package io.recflow.api.lineage;

import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.LineageGraph;
import io.recflow.activities.lineage.LineageQueries;
import io.recflow.api.problem.ProblemException;
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
    LineageQueries lineageQueries;
    @Inject
    ArtifactRecords artifactRecords;

    /** The artifact stored at {@code uri} (e.g. one a run's stage lists), with the id its lineage starts from. */
    @GET
    @Path("/artifacts")
    public ArtifactView artifactAt(@QueryParam("uri") String uri) {
        if (uri == null || uri.isBlank()) {
            throw ProblemException.badRequest("uri is required: the artifact's location, e.g. s3://bucket/artifacts/...");
        }
        return artifactRecords.artifactByUri(uri).map(ArtifactView::of)
                .orElseThrow(() -> ProblemException.notFound("lineage has no artifact at " + uri));
    }

    @GET
    @Path("/artifacts/{id}")
    public LineageGraph artifact(@PathParam("id") long id,
                                 @QueryParam("direction") @DefaultValue("upstream") String direction,
                                 @QueryParam("depth") @DefaultValue("10") int depth) {
        if (depth < 0 || depth > LineageQueries.MAX_DEPTH) {
            throw ProblemException.badRequest("depth must be in 0.." + LineageQueries.MAX_DEPTH);
        }
        LineageGraph.Direction parsed;
        try {
            parsed = LineageGraph.Direction.parse(direction);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        return lineageQueries.graph(id, parsed, depth);
    }
}
