package io.recflow.api.pipelines;

import io.recflow.activities.finetune.FineTuning;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.api.infra.WorkflowDescriptions;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.finetune.TrainingProgress;
import io.recflow.workflows.pipeline.Stage;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

    private static final Logger LOG = Logger.getLogger(LiveActivities.class);
    /** Runs whose fine-tune parts were read, the most recently viewed kept: a run's entry is a few strings. */
    private static final int RUNS_REMEMBERED = 256;

    @Inject
    WorkflowClient client;

    private final Map<String, Map<String, String>> partsByRun = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
                    return size() > RUNS_REMEMBERED;
                }
            });

    /**
     * Pending stage activities of a run, by stage id, each stage's in the order of their parts (the server lists
     * pending activities in no fixed order). {@code comparesAdapters}: the run's fine-tune stage also trains
     * comparisons, activities of their own beside the stage's; which one a pending activity is, only its input
     * says, so it is read from the history (a describe carries no inputs).
     */
    public Map<String, List<Live>> of(String workflowId, boolean comparesAdapters) {
        DescribeWorkflowExecutionResponse described = WorkflowDescriptions.describe(client, workflowId);
        List<PendingActivityInfo> pending = described.getPendingActivitiesList();
        Map<String, String> fineTuneParts = comparesAdapters
                ? fineTuneParts(described.getWorkflowExecutionInfo().getExecution(), pending) : Map.of();
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
        live.values().forEach(activities -> activities.sort(Comparator.comparing(Live::part)));
        return live;
    }

    /**
     * The lineage part of each pending fine-tune activity, by activity id. An activity's input never changes, so
     * the history is read again only when a pending one is not known yet (about twice a run: the candidate, then
     * its comparisons), not on every view. When it cannot be read, an activity is named by its id: the view keeps
     * its attempts and heartbeats, and none is taken for the stage's own.
     */
    private Map<String, String> fineTuneParts(WorkflowExecution run, List<PendingActivityInfo> pending) {
        List<String> fineTunes = pending.stream().filter(a -> a.getActivityType().getName().equals(FINE_TUNE))
                .map(PendingActivityInfo::getActivityId).toList();
        String key = run.getWorkflowId() + "/" + run.getRunId();
        Map<String, String> known = partsByRun.getOrDefault(key, Map.of());
        if (known.keySet().containsAll(fineTunes)) {
            return known;
        }
        try {
            known = readFineTuneParts(run);
            partsByRun.put(key, known);
            return known;
        } catch (RuntimeException e) {
            LOG.warnf("which comparison each fine-tune activity of %s is could not be read: %s", run.getWorkflowId(),
                    e.getMessage());
            return fineTunes.stream().collect(Collectors.toMap(id -> id, id -> "activity " + id));
        }
    }

    /** The lineage part of each fine-tune activity the run scheduled, by activity id. */
    private Map<String, String> readFineTuneParts(WorkflowExecution run) {
        Map<String, String> parts = new HashMap<>();
        for (HistoryEvent event : client.fetchHistory(run.getWorkflowId(), run.getRunId()).getEvents()) {
            ActivityTaskScheduledEventAttributes scheduled = event.getActivityTaskScheduledEventAttributes();
            if (scheduled.getActivityType().getName().equals(FINE_TUNE)) {
                FineTuneRequest request = client.getOptions().getDataConverter().fromPayloads(0,
                        Optional.of(scheduled.getInput()), FineTuneRequest.class, FineTuneRequest.class);
                parts.put(scheduled.getActivityId(), FineTuning.part(request));
            }
        }
        return Map.copyOf(parts);
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
