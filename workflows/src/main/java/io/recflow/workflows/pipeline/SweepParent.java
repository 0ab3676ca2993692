package io.recflow.workflows.pipeline;

import io.temporal.workflow.SignalMethod;

/**
 * What a run started by a sweep tells its sweep (the sweep's workflow implements it): declared here, beside the
 * run, so that the run's code needs nothing of the sweep's.
 */
public interface SweepParent {

    /** The run's stages up to tokenize are done: runs that share them may start and reuse them. */
    @SignalMethod
    void upstreamReady(String runId);

    /** The run was evaluated and waits for the sweep's {@link SweepOffer}. */
    @SignalMethod
    void evaluated(ChildEvaluation evaluation);
}
