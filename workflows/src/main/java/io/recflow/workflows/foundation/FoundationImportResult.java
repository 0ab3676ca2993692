package io.recflow.workflows.foundation;

import io.recflow.workflows.ArtifactRef;

/**
 * The imported model's artifact (kind {@code foundation-model}); {@code alreadyImported} when an
 * earlier import had stored it and nothing was converted this time.
 */
public record FoundationImportResult(String name, ArtifactRef model, boolean alreadyImported) {
}
