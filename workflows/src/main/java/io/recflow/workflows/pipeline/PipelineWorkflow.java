package io.recflow.workflows.pipeline;

import io.recflow.workflows.spec.PipelineSpec;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One pipeline run: ingest, tokenize, fine-tune, evaluate, promote. The workflow id is the pipeline id.
 */
@WorkflowInterface
public interface PipelineWorkflow {

    @WorkflowMethod
    PipelineResult run(PipelineSpec spec);

    /** Where the run is: its status and every stage's. Answers for finished runs too. */
    @QueryMethod
    PipelineProgress progress();

    /** A person approves promotion (when the spec asks for approval). */
    @SignalMethod
    void approve(Approval approval);

    /** A person rejects promotion: the version stays registered, the champion stays. */
    @SignalMethod
    void reject(Approval approval);

    /** A run started by a sweep learns whether the sweep offers it to its promotion gate. */
    @SignalMethod
    void offer(SweepOffer offer);
}
