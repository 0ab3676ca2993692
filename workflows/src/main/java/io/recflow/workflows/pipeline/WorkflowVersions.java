package io.recflow.workflows.pipeline;

import io.temporal.workflow.Workflow;

/**
 * Every change of the pipeline's commands, as {@link Workflow#getVersion} markers: a run recorded before
 * a change replays its old path, a new run takes the new one. Add a change here, with the date and what
 * it changes, and a recorded history of the old path in {@code src/test/resources/histories}; remove a
 * path only when no run that took it can still be open or replayed.
 */
final class WorkflowVersions {

    /** 2026-12: specs are completed and validated by whoever starts the run, not by the workflow. */
    static final String SPEC_COMPLETED_BY_SUBMITTER = "spec-completed-by-submitter";

    /** 2026-12: a run's comparison adapters are fine-tuned side by side, not one after another. */
    static final String PARALLEL_COMPARISONS = "parallel-comparisons";

    /** 2026-12: a run writes its own lineage row when none was written for it (a schedule started it). */
    static final String RECORDS_ITS_START = "records-its-start";

    /** 2026-12: the run's lineage writes finish when a cancel arrives during one ({@code LineageWrites}). */
    static final String WRITES_OUTLIVE_CANCEL = "writes-outlive-cancel";

    /**
     * 2026-12: registering the candidate and moving the champion alias finish when a cancel arrives during them,
     * and a cancel that came before the alias move keeps it from starting.
     */
    static final String PROMOTION_OUTLIVES_CANCEL = "promotion-outlives-cancel";

    /** 2026-12: a run started by a sweep that has closed (terminated, say) goes on unoffered instead of failing. */
    static final String OUTLIVES_ITS_SWEEP = "outlives-its-sweep";

    private WorkflowVersions() {
    }

    /** True for runs started since the API completes specs; false while replaying older runs. */
    static boolean specCompletedBySubmitter() {
        return Workflow.getVersion(SPEC_COMPLETED_BY_SUBMITTER, Workflow.DEFAULT_VERSION, 1) == 1;
    }

    /** How a run trains its comparison adapters: the way of the workflow it started on. */
    enum Comparisons {
        IN_TURN, SIDE_BY_SIDE, SIDE_BY_SIDE_FAILING_FAST
    }

    static Comparisons comparisons() {
        int version = Workflow.getVersion(PARALLEL_COMPARISONS, Workflow.DEFAULT_VERSION, 2);
        return version == Workflow.DEFAULT_VERSION ? Comparisons.IN_TURN
                : version == 1 ? Comparisons.SIDE_BY_SIDE : Comparisons.SIDE_BY_SIDE_FAILING_FAST;
    }

    /** True for runs that record their start with their spec; false while replaying runs that recorded a status. */
    static boolean recordsItsStart() {
        return Workflow.getVersion(RECORDS_ITS_START, Workflow.DEFAULT_VERSION, 1) == 1;
    }

    /** True for runs whose lineage writes outlive a cancel; false while replaying runs that cancelled them. */
    static boolean writesOutliveCancel() {
        return Workflow.getVersion(WRITES_OUTLIVE_CANCEL, Workflow.DEFAULT_VERSION, 1) == 1;
    }

    /** True for runs whose registration and promotion outlive a cancel; false while replaying runs that cut them. */
    static boolean promotionOutlivesCancel() {
        return Workflow.getVersion(PROMOTION_OUTLIVES_CANCEL, Workflow.DEFAULT_VERSION, 1) == 1;
    }

    /** True for runs that go on when their sweep has closed; false while replaying runs that failed on it. */
    static boolean outlivesItsSweep() {
        return Workflow.getVersion(OUTLIVES_ITS_SWEEP, Workflow.DEFAULT_VERSION, 1) == 1;
    }
}
