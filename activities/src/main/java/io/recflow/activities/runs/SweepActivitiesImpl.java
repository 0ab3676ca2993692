package io.recflow.activities.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.PipelineRunEntity;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.workflows.sweep.SweepActivities;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.sweep.SweepChild;
import io.recflow.workflows.sweep.SweepChildProgress;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.UncheckedIOException;
import java.util.List;

/** Writes a sweep's child runs into lineage as the sweep starts them, as runs of whoever started the sweep. */
@ApplicationScoped
public class SweepActivitiesImpl implements SweepActivities {

    @Inject
    RunRecords runRecords;
    @Inject
    ObjectMapper json;

    @Override
    public void recordChild(SweepChild child) {
        String sweepId = Activity.getExecutionContext().getInfo().getWorkflowId();
        String startedBy = runRecords.run(sweepId).map(PipelineRunEntity::getStartedBy).orElse(null);
        PipelineSpec spec = child.spec();
        runRecords.createRun(new NewRun(child.runId(), spec.model(), toJson(spec), spec.seed(), null, startedBy,
                NewRun.PIPELINE, sweepId));
    }

    @Override
    public void closeChildren(List<SweepChildProgress> children) {
        for (SweepChildProgress child : children) {
            if (child.status().isFinal()) {
                runRecords.closeIfOpen(child.runId(), PipelineStatus.valueOf(child.status().name()), child.message());
            }
        }
    }

    private String toJson(PipelineSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
