package io.recflow.workflows.sweep;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The sweep's lineage: its children's {@code pipeline_run} rows, written as each child starts. */
@ActivityInterface
public interface SweepActivities {

    /** Records {@code child} as a run of the calling sweep, started by whoever started the sweep. Idempotent. */
    @ActivityMethod
    void recordChild(SweepChild child);
}
