package io.recflow.workflows.pipeline;

import io.recflow.workflows.ArtifactRef;

import java.util.List;
import java.util.Map;

/**
 * One stage as the workflow sees it; times are workflow time in epoch milliseconds ({@code null} until
 * they happen). Attempts, workers and devices are in lineage ({@code step} rows).
 *
 * @param metrics what the stage measured once it completed (e.g. fine-tuning loss and samples/s);
 *                empty before
 */
public record StageProgress(String stage, StageStatus status, Long startedAt, Long endedAt,
                            List<ArtifactRef> artifacts, String message, Map<String, Double> metrics) {

    StageProgress with(StageStatus status, Long endedAt, List<ArtifactRef> artifacts, String message) {
        return new StageProgress(stage, status, startedAt, endedAt, artifacts, message, metrics);
    }
}
