package io.recflow.api.collect;

import io.recflow.activities.collect.CollectableArtifact;
import io.recflow.activities.collect.Collection;

import java.time.Instant;
import java.util.List;

/** A garbage collection's answer: what it deleted (or would, on a dry run), and how much that frees. */
public record CollectionView(boolean dryRun, String olderThan, Instant cutoff, int count, long bytes,
                             List<CollectableArtifact> artifacts) {

    static CollectionView of(Collection collection, String olderThan) {
        return new CollectionView(collection.dryRun(), olderThan, collection.cutoff(), collection.artifacts().size(),
                collection.bytes(), collection.artifacts());
    }
}
