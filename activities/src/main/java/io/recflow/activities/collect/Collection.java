package io.recflow.activities.collect;

import java.time.Instant;
import java.util.List;

/** What a garbage collection deleted, or would delete ({@code dryRun}): artifacts made before {@code cutoff}. */
public record Collection(boolean dryRun, Instant cutoff, List<CollectableArtifact> artifacts) {

    public long bytes() {
        return artifacts.stream().mapToLong(a -> a.ref().size()).sum();
    }
}
