package io.recflow.workflows.sweep;

import io.recflow.workflows.evaluate.EvaluationResult;
import io.recflow.workflows.pipeline.ChildEvaluation;
import io.recflow.workflows.pipeline.PipelineResult;
import io.recflow.workflows.pipeline.SweepOffer;
import io.recflow.workflows.pipeline.PipelineStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The mutable state behind the sweep's {@code progress} query: a row per child, in the plan's order. */
final class SweepTracker {

    private final String selectBy;
    private final Map<String, SweepChildProgress> rows = new LinkedHashMap<>();
    private PipelineStatus status = PipelineStatus.RUNNING;
    private String message;

    SweepTracker(SweepPlan plan) {
        this.selectBy = plan.selectBy();
        for (SweepChild child : plan.children()) {
            rows.put(child.runId(), SweepChildProgress.pending(child));
        }
    }

    void started(String runId) {
        update(runId, SweepChildStatus.RUNNING, null);
    }

    void evaluated(ChildEvaluation evaluation) {
        SweepChildProgress row = rows.get(evaluation.runId());
        if (row == null || row.status().isFinal()) {
            return;
        }
        Map<String, Map<String, Double>> metrics = evaluation.metrics();
        rows.put(row.runId(), row.evaluated(metrics.getOrDefault(EvaluationResult.VALIDATION, Map.of()),
                metrics.getOrDefault(EvaluationResult.CANDIDATE, Map.of())));
    }

    /** The decision: {@code best} is offered to promotion, every other evaluated child is not. */
    void offer(Optional<SweepChildProgress> best) {
        for (String runId : evaluatedChildren()) {
            rows.put(runId, rows.get(runId).withOffered(best.isPresent() && best.get().runId().equals(runId)));
        }
    }

    void completed(String runId, PipelineResult result) {
        String outcome = result.promotion() == null ? "completed" : (result.promotion().promoted() ? "promoted: "
                : "not promoted: ") + result.promotion().reason();
        update(runId, SweepChildStatus.COMPLETED, outcome);
    }

    void ended(String runId, SweepChildStatus status, String why) {
        update(runId, status, why);
    }

    /** The sweep was cancelled: the children it has not started never will. */
    void cancelPending() {
        for (SweepChildProgress row : List.copyOf(rows.values())) {
            if (row.status() == SweepChildStatus.PENDING) {
                update(row.runId(), SweepChildStatus.CANCELED, "not started: the sweep was canceled");
            }
        }
    }

    /** Children started and neither evaluated nor ended: those that take a worker's time. */
    long active() {
        return rows.values().stream().filter(r -> r.status() == SweepChildStatus.RUNNING).count();
    }

    boolean isPending(String runId) {
        return rows.get(runId).status() == SweepChildStatus.PENDING;
    }

    boolean isRunning(String runId) {
        return rows.get(runId).status() == SweepChildStatus.RUNNING;
    }

    /** Every child started has been evaluated or has ended: the sweep can decide. */
    boolean allDecidable() {
        return rows.values().stream().noneMatch(r -> r.status() == SweepChildStatus.PENDING
                || r.status() == SweepChildStatus.RUNNING);
    }

    boolean allEnded() {
        return rows.values().stream().allMatch(r -> r.status().isFinal());
    }

    List<String> evaluatedChildren() {
        return rows.values().stream().filter(r -> r.status() == SweepChildStatus.EVALUATED)
                .map(SweepChildProgress::runId).toList();
    }

    /** The evaluated child with the highest validation {@code selectBy}; the earliest in the plan on a tie. */
    Optional<SweepChildProgress> best() {
        SweepChildProgress top = null;
        for (SweepChildProgress row : rows.values()) {
            Double value = row.validation().get(selectBy);
            if (row.status() == SweepChildStatus.EVALUATED && value != null && !value.isNaN()
                    && (top == null || value > top.validation().get(selectBy))) {
                top = row;
            }
        }
        return Optional.ofNullable(top);
    }

    String selectBy() {
        return selectBy;
    }

    long count(SweepChildStatus status) {
        return rows.values().stream().filter(r -> r.status() == status).count();
    }

    void status(PipelineStatus status, String message) {
        this.status = status;
        this.message = message;
    }

    SweepProgress snapshot() {
        String offered = rows.values().stream().filter(r -> Boolean.TRUE.equals(r.offered()))
                .map(SweepChildProgress::runId).findFirst().orElse(null);
        return new SweepProgress(status, message, selectBy, offered, new ArrayList<>(rows.values()));
    }

    private void update(String runId, SweepChildStatus status, String message) {
        rows.put(runId, rows.get(runId).withStatus(status, message));
    }
}
