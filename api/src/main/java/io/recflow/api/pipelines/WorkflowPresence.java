package io.recflow.api.pipelines;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.recflow.api.infra.WorkflowDescriptions;
import io.temporal.client.WorkflowClient;

/**
 * Whether Temporal still has a run's workflow, asked by describing it: {@link #GONE} only when the server says
 * it does not know the run (the test server lost it in a restart, or the namespace's retention expired).
 */
enum WorkflowPresence {
    KEPT, GONE, UNKNOWN;

    static WorkflowPresence of(WorkflowClient client, String workflowId) {
        try {
            WorkflowDescriptions.describe(client, workflowId);
            return KEPT;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.NOT_FOUND ? GONE : UNKNOWN;
        }
    }
}
