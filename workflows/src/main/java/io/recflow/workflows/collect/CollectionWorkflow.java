package io.recflow.workflows.collect;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One garbage collection of artifacts, as the platform's collection schedule starts it (an admin's
 * {@code POST /api/v1/gc} collects at once, without a workflow).
 */
@WorkflowInterface
public interface CollectionWorkflow {

    /** Temporal schedule id of the periodic collection; not an id the pipeline schedules' API accepts. */
    String SCHEDULE_ID = "recflow.gc";

    @WorkflowMethod
    CollectionSummary collect(CollectionOrder order);
}
