package io.recflow.activities.collect;

import io.recflow.workflows.ArtifactRef;

import java.time.Instant;

/**
 * An artifact garbage collection may delete: nothing that lineage or the registry still needs refers to it.
 *
 * @param runs the runs whose steps generated it (comma-separated), or null for an input stored from outside
 * @param why  why it is no longer needed, in words
 */
public record CollectableArtifact(long id, ArtifactRef ref, Instant createdAt, String runs, String why) {
}
