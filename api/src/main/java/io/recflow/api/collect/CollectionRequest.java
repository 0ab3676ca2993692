package io.recflow.api.collect;

/**
 * A garbage collection: {@code olderThan} how long ago an artifact must have been made to be deleted
 * ({@code 7d}, {@code 12h}, {@code 30m}, {@code 0s} or ISO-8601 such as {@code P7D}; default 7 days), and with
 * {@code dryRun} only what would be deleted.
 */
public record CollectionRequest(Boolean dryRun, String olderThan) {
}
