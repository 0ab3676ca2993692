package io.recflow.api.pipelines;

import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.activities.lineage.PipelineRunEntity;
import io.recflow.activities.lineage.StepArtifacts;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.workflows.evaluate.EvaluationResult;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.pipeline.StageStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run as lineage recorded it, for when Temporal can no longer answer for it: its history is gone (the
 * in-memory test server was restarted, or the namespace's retention period expired). Lineage has every
 * attempt of every stage (status, times, worker, device, note) and the artifacts each attempt wrote, and the
 * version the run registered with the candidate's metrics; the other rows of the evaluation table and the
 * stages' own metrics lived only in the workflow.
 */
@ApplicationScoped
class RunFromLineage {

    static final String HISTORY_GONE = "Temporal no longer has this run's history (the in-memory test server"
            + " was restarted, or the namespace's retention period expired): stages and artifacts are rebuilt from"
            + " lineage";

    @Inject
    StepRecords steps;
    @Inject
    ModelRegistry registry;

    /**
     * Every stage in pipeline order, each from its own activity's last recorded attempt, with the artifacts of
     * the activities beside it (a fine-tune's comparisons) after its own, as the workflow lists them.
     */
    List<StageView> stages(PipelineRunEntity run) {
        List<StepArtifacts> recorded = steps.stepsWithArtifacts(run.getId());
        PipelineStatus runStatus = PipelineStatus.valueOf(run.getStatus());
        List<StageView> stages = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            Map<String, StepArtifacts> lastByPart = new LinkedHashMap<>();
            recorded.stream().filter(s -> s.step().getStage().equals(stage.id())).forEach(s -> lastByPart.merge(
                    s.step().getPart(), s, (a, b) -> b.step().getAttempt() >= a.step().getAttempt() ? b : a));
            Optional<StepArtifacts> last = Optional.ofNullable(lastByPart.remove(StepRecords.MAIN_PART));
            List<ArtifactEntity> besides = lastByPart.values().stream().flatMap(s -> outputs(s).stream()).toList();
            stages.add(last.map(s -> fromStep(s, besides, runStatus, steps)).orElseGet(() -> new StageView(stage.id(),
                    // A stage of a finished run that never started was skipped; of an open run, it is still to come.
                    runStatus.isFinal() ? StageStatus.SKIPPED : StageStatus.PENDING,
                    0, null, null, null, null, null, null, List.of(), null, null, List.of(), Map.of(), null)));
        }
        return stages;
    }

    /** The version the run registered, if it got that far. */
    Optional<ModelVersionEntity> registeredVersion(String runId) {
        return registry.registeredBy(runId);
    }

    /** The evaluation table as far as lineage keeps it: the candidate's row, registered with its version. */
    static Map<String, Map<String, Double>> metrics(Optional<ModelVersionEntity> version) {
        Map<String, Double> candidate = new LinkedHashMap<>();
        version.ifPresent(v -> v.getMetrics().forEach((name, value) -> {
            if (value instanceof Number n) {
                candidate.put(name, n.doubleValue());
            }
        }));
        return candidate.isEmpty() ? Map.of() : Map.of(EvaluationResult.CANDIDATE, candidate);
    }

    private static StageView fromStep(StepArtifacts recorded, List<ArtifactEntity> besides, PipelineStatus runStatus,
                                      StepRecords steps) {
        var step = recorded.step();
        StageStatus status = StageStatus.valueOf(step.getStatus());
        String message = step.getMessage();
        if (status == StageStatus.RUNNING && runStatus.isFinal()) {
            // Its worker went away mid-attempt and the run ended without it: it did not finish.
            status = runStatus == PipelineStatus.CANCELED ? StageStatus.CANCELED : StageStatus.FAILED;
            message = "the run ended (" + runStatus + ") while this attempt was running";
        }
        Long duration = step.getStartedAt() != null && step.getEndedAt() != null
                ? Duration.between(step.getStartedAt(), step.getEndedAt()).toMillis() : null;
        return new StageView(step.getStage(), status, step.getAttempt(), step.getStartedAt(), step.getEndedAt(),
                duration, step.getWorker(), step.getDevice(), step.getCodeVersion(),
                Stream.concat(outputs(recorded).stream(), besides.stream()).map(ArtifactEntity::toRef).toList(),
                message, null, List.of(), Map.of(), ReusedFrom.of(step, steps));
    }

    /** What a step made: a CACHED step generated nothing, its outputs are the ones it reused. */
    private static List<ArtifactEntity> outputs(StepArtifacts recorded) {
        return StageStatus.CACHED.name().equals(recorded.step().getStatus()) ? recorded.used() : recorded.generated();
    }
}
