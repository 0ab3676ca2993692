package io.recflow.api.sweeps;

import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.sweep.SweepChildProgress;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sweep and its table: a row per child with what it changes, its validation and test numbers and how it ended.
 *
 * @param best         the child offered to promotion, once chosen
 * @param historyKept  false when Temporal no longer has the sweep and the table is rebuilt from lineage ({@code note}
 *                     says what that leaves out)
 */
public record SweepView(String id, String model, PipelineStatus status, String message, String selectBy,
                        int maxParallel, String best, String startedBy, Instant startedAt, Instant endedAt,
                        List<SweepChildProgress> children, boolean historyKept, String note,
                        Map<String, String> links) {
}
