package io.recflow.workflows;

import io.temporal.workflow.Workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a workflow writes its own lineage (its status, a child's row) so that a cancel cannot cut the write
 * short. A lineage write is a short activity that does not heartbeat, so it never hears of a cancel and lands
 * anyway; cancelled in the workflow's scope, the workflow would stop waiting for it and could close the row as
 * canceled before the write lands over it (or, catching only {@code CanceledFailure}, miss the failure and
 * leave the row open). In a detached scope the write finishes first; the cancel surfaces at the next wait.
 */
public final class LineageWrites {

    private LineageWrites() {
    }

    /**
     * Runs {@code write} to its end even if the workflow is cancelled meanwhile, or, for histories recorded
     * before a workflow took this up ({@code outliveCancel} false, from its {@code Workflow.getVersion}), in the
     * workflow's own scope as they did.
     */
    public static void run(boolean outliveCancel, Runnable write) {
        call(outliveCancel, () -> {
            write.run();
            return null;
        });
    }

    /** {@link #run}, for a write whose result the workflow goes on with. */
    public static <T> T call(boolean outliveCancel, Supplier<T> write) {
        if (!outliveCancel) {
            return write.get();
        }
        List<T> result = new ArrayList<>(1);
        Workflow.newDetachedCancellationScope(() -> result.add(write.get())).run();
        return result.get(0);
    }
}
