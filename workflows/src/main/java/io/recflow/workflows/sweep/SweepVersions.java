package io.recflow.workflows.sweep;

import io.temporal.workflow.Workflow;

/**
 * Every change of the sweep's commands, as {@link Workflow#getVersion} markers, kept as the pipeline's
 * {@code WorkflowVersions} keeps its own: a sweep recorded before a change replays its old path.
 */
final class SweepVersions {

    /** 2026-12: the sweep's lineage writes run to their end when the sweep is cancelled during one. */
    static final String WRITES_OUTLIVE_CANCEL = "writes-outlive-cancel";

    /** 2026-12: a child that closed before the sweep's offer reached it no longer fails the sweep. */
    static final String OFFERS_TO_CLOSED_CHILDREN = "offers-to-closed-children";

    private SweepVersions() {
    }

    /** True for sweeps started since the change; false while replaying older sweeps. */
    static boolean writesOutliveCancel() {
        return Workflow.getVersion(WRITES_OUTLIVE_CANCEL, Workflow.DEFAULT_VERSION, 1) == 1;
    }

    /** True for sweeps that go on past an offer to a closed child; false while replaying sweeps that failed on it. */
    static boolean offersToClosedChildren() {
        return Workflow.getVersion(OFFERS_TO_CLOSED_CHILDREN, Workflow.DEFAULT_VERSION, 1) == 1;
    }
}
