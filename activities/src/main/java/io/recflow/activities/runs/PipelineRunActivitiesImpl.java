package io.recflow.activities.runs;

import io.recflow.activities.lineage.RunRecords;
import io.recflow.workflows.pipeline.PipelineRunActivities;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Keeps the run's lineage row in step with its workflow. */
@ApplicationScoped
public class PipelineRunActivitiesImpl implements PipelineRunActivities {

    @Inject
    RunRecords runRecords;

    @Override
    public void recordStatus(PipelineStatus status, String message) {
        runRecords.updateRunStatus(Activity.getExecutionContext().getInfo().getWorkflowId(), status, message);
    }
}
