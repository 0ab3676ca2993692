package io.recflow.workflows.sweep;

import io.recflow.workflows.pipeline.PipelineStatus;

import java.util.List;

/**
 * The sweep's state, answered by the {@code progress} query and returned when it ends.
 *
 * @param best the child offered to promotion, once the sweep chose one
 */
public record SweepProgress(PipelineStatus status, String message, String selectBy, String best,
                            List<SweepChildProgress> children) {
}
