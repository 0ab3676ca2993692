package io.recflow.workflows.pipeline;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;

import java.util.Map;
import java.util.Optional;

/** A run started by a sweep, as its sweep sees it: where the run is, by signals to the sweep's workflow. */
final class SweepMembership {

    private final SweepParent sweep;
    private final String runId;

    private SweepMembership(SweepParent sweep, String runId) {
        this.sweep = sweep;
        this.runId = runId;
    }

    /** The run's sweep, when a sweep started it (only sweeps start runs as child workflows). */
    static Optional<SweepMembership> of(WorkflowInfo run) {
        return run.getParentWorkflowId().map(parent -> new SweepMembership(
                Workflow.newExternalWorkflowStub(SweepParent.class, parent), run.getWorkflowId()));
    }

    void upstreamReady() {
        sweep.upstreamReady(runId);
    }

    void evaluated(Map<String, Map<String, Double>> metrics) {
        sweep.evaluated(new ChildEvaluation(runId, metrics));
    }
}
