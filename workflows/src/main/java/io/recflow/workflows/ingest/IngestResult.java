package io.recflow.workflows.ingest;

import io.recflow.workflows.ArtifactRef;

/**
 * The canonical data set snapshot and its split manifest, with the counts a person checks first.
 */
public record IngestResult(ArtifactRef dataset, ArtifactRef split, int users, int items, long interactions) {
}
