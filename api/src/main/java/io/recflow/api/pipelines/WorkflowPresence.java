package io.recflow.api.pipelines;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;

/**
 * Whether Temporal still has a run's workflow, asked by describing it: {@link #GONE} only when the server says
 * it does not know the run (the test server lost it in a restart, or the namespace's retention expired).
 */
enum WorkflowPresence {
    KEPT, GONE, UNKNOWN;

    static WorkflowPresence of(WorkflowClient client, String workflowId) {
        try {
            client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build());
            return KEPT;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.NOT_FOUND ? GONE : UNKNOWN;
        }
    }
}
