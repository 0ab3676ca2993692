package io.recflow.api.pipelines;

import io.recflow.api.infra.WorkflowDescriptions;
import io.recflow.workflows.finetune.TrainingProgress;
import io.recflow.workflows.pipeline.Stage;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stages running right now, as Temporal sees them: attempt and last heartbeat. The workflow
 * cannot know these (heartbeats go to the server, not to the workflow), so they are read from the
 * workflow's pending activities.
 */
@ApplicationScoped
public class LiveActivities {

    private static final Map<String, String> STAGE_OF_ACTIVITY = Map.of(
            "Ingest", Stage.INGEST.id(), "Tokenize", Stage.TOKENIZE.id(), "FineTune", Stage.FINE_TUNE.id(),
            "Evaluate", Stage.EVALUATE.id(), "Register", Stage.PROMOTE.id(), "Promote", Stage.PROMOTE.id());

    @Inject
    WorkflowClient client;

    /** Pending stage activities of a run, by stage id. */
    public Map<String, Live> of(String workflowId) {
        var response = WorkflowDescriptions.describe(client, workflowId);
        Map<String, Live> live = new HashMap<>();
        for (PendingActivityInfo activity : response.getPendingActivitiesList()) {
            String stage = STAGE_OF_ACTIVITY.get(activity.getActivityType().getName());
            if (stage != null) {
                TrainingProgress progress = activity.hasHeartbeatDetails()
                        ? DataConverter.getDefaultInstance().fromPayloads(0,
                                Optional.of(activity.getHeartbeatDetails()), TrainingProgress.class, TrainingProgress.class)
                        : null;
                live.put(stage, new Live(activity.getAttempt(), progress, activity.getLastFailure().getMessage()));
            }
        }
        return live;
    }

    /** A running stage: its attempt, last heartbeat (or null) and the failure of the previous attempt (or ""). */
    public record Live(int attempt, TrainingProgress progress, String lastFailure) {
    }
}
