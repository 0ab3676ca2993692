package io.recflow.activities.foundation;

import io.recflow.workflows.ArtifactRef;

import java.util.Map;

/** A finished import as lineage records it: the run and attempt that did it, and what it stored. */
public record ImportRecord(String runId, int attempt, String worker, String name, ArtifactRef model,
                           String ggufSha256, Map<String, Object> metadata) {
}
