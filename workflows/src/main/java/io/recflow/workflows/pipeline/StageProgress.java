package io.recflow.workflows.pipeline;

import io.recflow.workflows.ArtifactRef;

import java.util.List;

/**
 * One stage as the workflow sees it; times are workflow time in epoch milliseconds ({@code null} until
 * they happen). Attempts, workers and devices are in lineage ({@code step} rows).
 */
public record StageProgress(String stage, StageStatus status, Long startedAt, Long endedAt,
                            List<ArtifactRef> artifacts, String message) {
}
