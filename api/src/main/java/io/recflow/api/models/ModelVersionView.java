package io.recflow.api.models;

import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ModelVersionEntity;

import java.time.Instant;
import java.util.Map;

/** A registered version, with its artifact and a link to its lineage. */
public record ModelVersionView(String name, int version, long artifactId, String artifactUri, String runId,
                               Map<String, Object> metrics, Instant createdAt, Map<String, String> links) {

    static ModelVersionView of(ModelVersionEntity v, ArtifactEntity artifact) {
        return new ModelVersionView(v.getModel(), v.getVersion(), v.getArtifactId(), artifact.getUri(), v.getRunId(),
                v.getMetrics(), v.getCreatedAt(), Map.of(
                        "lineage", "/api/v1/lineage/artifacts/" + v.getArtifactId() + "?direction=upstream",
                        "run", "/api/v1/pipelines/" + v.getRunId()));
    }
}
