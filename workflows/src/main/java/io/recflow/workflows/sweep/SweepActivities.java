package io.recflow.workflows.sweep;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The sweep's lineage: its children's {@code pipeline_run} rows, written as each child starts. */
@ActivityInterface
public interface SweepActivities {

    /** Records {@code child} as a run of the calling sweep, started by whoever started the sweep. Idempotent. */
    @ActivityMethod
    void recordChild(SweepChild child);

    /**
     * Gives every child row that is still open the status the sweep saw it end with: a child cancelled before its
     * first workflow task never records its own end. Rows that are closed (or were never written) stay as they are.
     */
    @ActivityMethod
    void closeChildren(java.util.List<SweepChildProgress> children);
}
