package io.recflow.api.sweeps;

import io.recflow.workflows.pipeline.PipelineStatus;

import java.time.Instant;

/** A sweep in a list: enough to find it, without asking Temporal. */
public record SweepSummary(String id, String model, PipelineStatus status, String message, int children,
                           String startedBy, Instant startedAt, Instant endedAt) {
}
