package io.recflow.workflows.sweep;

import io.temporal.workflow.QueryMethod;
import io.recflow.workflows.pipeline.SweepParent;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A sweep: one pipeline run per configuration, as child workflows, at most {@link SweepPlan#maxParallel()} at a
 * time; the child with the best validation value is offered to its own promotion gate, the others are not. The
 * workflow id is the sweep id. Cancelling it cancels every child.
 */
@WorkflowInterface
public interface SweepWorkflow extends SweepParent {

    @WorkflowMethod
    SweepProgress run(SweepPlan plan);

    /** Every child and where it is, with the numbers of those evaluated. Answers for finished sweeps too. */
    @QueryMethod
    SweepProgress progress();
}
