package io.recflow.workflows.pipeline;

import io.recflow.workflows.Signals;
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

    /** Tells the sweep, if it has not ended (terminated from the Temporal UI, say). */
    void upstreamReady() {
        Signals.sentUnlessClosed(() -> sweep.upstreamReady(runId), WorkflowVersions::outlivesItsSweep);
    }

    /** Tells the sweep, which answers with an offer; false when the sweep has ended and no offer will come. */
    boolean evaluated(Map<String, Map<String, Double>> metrics) {
        return Signals.sentUnlessClosed(() -> sweep.evaluated(new ChildEvaluation(runId, metrics)),
                WorkflowVersions::outlivesItsSweep);
    }
}
