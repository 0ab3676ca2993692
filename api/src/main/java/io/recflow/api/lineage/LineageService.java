package io.recflow.api.lineage;

import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.LineageGraph;
import io.recflow.activities.lineage.LineageQueries;
import io.recflow.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Lineage questions as the API asks them: an artifact by its location, and the graph around an artifact. */
@ApplicationScoped
public class LineageService {

    @Inject
    LineageQueries lineageQueries;
    @Inject
    ArtifactRecords artifactRecords;

    public ArtifactView artifactAt(String uri) {
        if (uri == null || uri.isBlank()) {
            throw ProblemException.badRequest("uri is required: the artifact's location, e.g. s3://bucket/artifacts/...");
        }
        return artifactRecords.artifactByUri(uri).map(ArtifactView::of)
                .orElseThrow(() -> ProblemException.notFound("lineage has no artifact at " + uri));
    }

    /** @param direction {@code upstream} (what made it) or {@code downstream} (what used it) */
    public LineageGraph graph(long id, String direction, int depth) {
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
