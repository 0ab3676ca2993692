package io.recflow.workflows.pipeline;

import io.recflow.workflows.spec.PipelineSpec;
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

    /**
     * Marks the run RUNNING, first writing its row when nobody wrote one before it started (a schedule started
     * it): its model, spec, seed and who started it. A row the API or a sweep wrote keeps what it says.
     *
     * @param startedBy who started the run, for that case ({@code schedule:<id>}); null when unknown
     */
    @ActivityMethod
    void recordStart(PipelineSpec spec, String startedBy);
}
