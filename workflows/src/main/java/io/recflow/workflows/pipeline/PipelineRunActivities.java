package io.recflow.workflows.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Keeps the {@code pipeline_run} lineage row in step with the workflow (the API lists runs from it).
 * Idempotent: it records the latest status of the run it is called from.
 */
@ActivityInterface
public interface PipelineRunActivities {

    @ActivityMethod
    void recordStatus(PipelineStatus status, String message);
}
