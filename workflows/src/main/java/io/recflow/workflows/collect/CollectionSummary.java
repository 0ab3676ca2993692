package io.recflow.workflows.collect;

import java.time.Instant;

/** What one collection deleted: how many artifacts, how many bytes, made before {@code cutoff}. */
public record CollectionSummary(Instant cutoff, int artifacts, long bytes) {
}
