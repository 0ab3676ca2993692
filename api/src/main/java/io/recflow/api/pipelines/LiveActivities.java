package io.recflow.api.pipelines;

import io.recflow.activities.finetune.FineTuning;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.api.infra.WorkflowDescriptions;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.finetune.TrainingProgress;
import io.recflow.workflows.pipeline.Stage;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stages running right now, as Temporal sees them: attempt and last heartbeat. The workflow
 * cannot know these (heartbeats go to the server, not to the workflow), so they are read from the
 * workflow's pending activities.
 */
@ApplicationScoped
public class LiveActivities {

    private static final String FINE_TUNE = "FineTune";
    private static final Map<String, String> STAGE_OF_ACTIVITY = Map.of(
            "Ingest", Stage.INGEST.id(), "Tokenize", Stage.TOKENIZE.id(), FINE_TUNE, Stage.FINE_TUNE.id(),
            "Evaluate", Stage.EVALUATE.id(), "Register", Stage.PROMOTE.id(), "Promote", Stage.PROMOTE.id());

    @Inject
    WorkflowClient client;

    /**
     * Pending stage activities of a run, by stage id. {@code comparesAdapters}: the run's fine-tune stage also
     * trains comparisons, activities of their own beside the stage's; which one a pending activity is, only its
     * input says, so it is read from the history (a describe carries no inputs).
     */
    public Map<String, List<Live>> of(String workflowId, boolean comparesAdapters) {
        List<PendingActivityInfo> pending = WorkflowDescriptions.describe(client, workflowId).getPendingActivitiesList();
        Map<String, String> fineTuneParts = comparesAdapters
                && pending.stream().anyMatch(a -> a.getActivityType().getName().equals(FINE_TUNE))
                ? fineTuneParts(workflowId) : Map.of();
        Map<String, List<Live>> live = new HashMap<>();
        for (PendingActivityInfo activity : pending) {
            String stage = STAGE_OF_ACTIVITY.get(activity.getActivityType().getName());
            if (stage != null) {
                TrainingProgress progress = activity.hasHeartbeatDetails()
                        ? client.getOptions().getDataConverter().fromPayloads(0,
                                Optional.of(activity.getHeartbeatDetails()), TrainingProgress.class, TrainingProgress.class)
                        : null;
                live.computeIfAbsent(stage, s -> new ArrayList<>()).add(new Live(
                        fineTuneParts.getOrDefault(activity.getActivityId(), StepRecords.MAIN_PART),
                        activity.getAttempt(), progress, activity.getLastFailure().getMessage()));
            }
        }
        return live;
    }

    /** The lineage part of each fine-tune activity the run scheduled, by activity id. */
    private Map<String, String> fineTuneParts(String workflowId) {
        Map<String, String> parts = new HashMap<>();
        for (HistoryEvent event : client.fetchHistory(workflowId).getEvents()) {
            ActivityTaskScheduledEventAttributes scheduled = event.getActivityTaskScheduledEventAttributes();
            if (scheduled.getActivityType().getName().equals(FINE_TUNE)) {
                FineTuneRequest request = client.getOptions().getDataConverter().fromPayloads(0,
                        Optional.of(scheduled.getInput()), FineTuneRequest.class, FineTuneRequest.class);
                parts.put(scheduled.getActivityId(), FineTuning.part(request));
            }
        }
        return parts;
    }

    /**
     * A running activity of a stage: which part of it ({@link StepRecords#MAIN_PART} for the stage's own), its
     * attempt, last heartbeat (or null) and the failure of the previous attempt (or "").
     */
    public record Live(String part, int attempt, TrainingProgress progress, String lastFailure) {

        boolean isMainPart() {
            return part.equals(StepRecords.MAIN_PART);
        }
    }
}
