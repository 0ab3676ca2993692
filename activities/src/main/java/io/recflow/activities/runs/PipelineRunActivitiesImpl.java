package io.recflow.activities.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.workflows.pipeline.PipelineRunActivities;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.spec.PipelineSpec;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Keeps the run's lineage row in step with its workflow. */
@ApplicationScoped
public class PipelineRunActivitiesImpl implements PipelineRunActivities {

    @Inject
    RunRecords runRecords;
    @Inject
    ObjectMapper json;

    @Override
    public void recordStatus(PipelineStatus status, String message) {
        runRecords.updateRunStatus(runId(), status, message);
    }

    @Override
    public void recordStart(PipelineSpec spec, String startedBy) {
        try {
            runRecords.recordStart(runId(), spec.model(), json.writeValueAsString(spec), spec.seed(), startedBy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the spec of " + runId() + " cannot be written as JSON", e);
        }
    }

    private static String runId() {
        return Activity.getExecutionContext().getInfo().getWorkflowId();
    }
}
