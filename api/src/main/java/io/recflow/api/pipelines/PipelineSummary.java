package io.recflow.api.pipelines;

import io.recflow.workflows.pipeline.PipelineStatus;

import java.time.Instant;

/** A run in a list: enough to find it, without asking Temporal. */
public record PipelineSummary(String id, String model, PipelineStatus status, String message, Long seed,
                              String startedBy, Instant startedAt, Instant endedAt) {
}
