package io.recflow.workflows.pipeline;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.promote.ModelVersionRef;
import io.recflow.workflows.promote.PromotionDecision;
import io.temporal.workflow.Workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable state behind the {@code progress} query. Lives inside the workflow, so it only uses
 * workflow time.
 */
final class PipelineTracker {

    private final Map<Stage, StageProgress> stages = new LinkedHashMap<>();
    private PipelineStatus status = PipelineStatus.RUNNING;
    private ModelVersionRef modelVersion;
    private Map<String, Map<String, Double>> metrics = Map.of();
    private PromotionDecision promotion;
    private String message;

    PipelineTracker() {
        for (Stage stage : Stage.values()) {
            stages.put(stage, new StageProgress(stage.id(), StageStatus.PENDING, null, null, List.of(), null, Map.of()));
        }
    }

    void started(Stage stage) {
        stages.put(stage, new StageProgress(stage.id(), StageStatus.RUNNING, Workflow.currentTimeMillis(), null,
                List.of(), null, Map.of()));
    }

    /** What the running {@code stage} is doing now, e.g. which of several trainings. */
    void note(Stage stage, String message) {
        StageProgress s = stages.get(stage);
        stages.put(stage, s.with(s.status(), s.endedAt(), s.artifacts(), message));
    }

    void completed(Stage stage, List<ArtifactRef> artifacts, String note) {
        StageProgress before = stages.get(stage);
        stages.put(stage, before.with(StageStatus.COMPLETED, Workflow.currentTimeMillis(), List.copyOf(artifacts), note));
    }

    /** What a completed {@code stage} measured. */
    void metrics(Stage stage, Map<String, Double> metrics) {
        StageProgress s = stages.get(stage);
        stages.put(stage, new StageProgress(s.stage(), s.status(), s.startedAt(), s.endedAt(), s.artifacts(),
                s.message(), Collections.unmodifiableMap(new LinkedHashMap<>(metrics))));
    }

    /** Marks the running stage as ended with {@code outcome}, and every pending one as skipped. */
    void stopped(StageStatus outcome, String why) {
        for (Map.Entry<Stage, StageProgress> e : stages.entrySet()) {
            StageProgress s = e.getValue();
            if (s.status() == StageStatus.RUNNING) {
                e.setValue(s.with(outcome, Workflow.currentTimeMillis(), s.artifacts(), why));
            } else if (s.status() == StageStatus.PENDING) {
                e.setValue(s.with(StageStatus.SKIPPED, null, List.of(), null));
            }
        }
    }

    void status(PipelineStatus status, String message) {
        this.status = status;
        this.message = message;
    }

    void modelVersion(ModelVersionRef modelVersion) {
        this.modelVersion = modelVersion;
    }

    void metrics(Map<String, Map<String, Double>> metrics) {
        this.metrics = metrics;
    }

    void promotion(PromotionDecision promotion) {
        this.promotion = promotion;
    }

    PipelineProgress snapshot() {
        return new PipelineProgress(status, new ArrayList<>(stages.values()), modelVersion, metrics, promotion,
                message);
    }
}
