package io.recflow.api.infra;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;

/**
 * What Temporal knows of a workflow's latest run right now: its status, memo and pending activities with
 * their last heartbeats (what the workflow's own queries cannot say).
 */
public final class WorkflowDescriptions {

    private WorkflowDescriptions() {
    }

    /** @throws io.grpc.StatusRuntimeException NOT_FOUND when the namespace has no such workflow, or any other */
    public static DescribeWorkflowExecutionResponse describe(WorkflowClient client, String workflowId) {
        return client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build());
    }
}
