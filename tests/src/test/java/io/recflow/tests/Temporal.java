package io.recflow.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.recflow.workflows.pipeline.PipelineProgress;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Temporal as an operator's tool sees it: the visibility API and workflow descriptions (Java SDK client). */
final class Temporal implements AutoCloseable {

    private final WorkflowServiceStubs stubs;

    Temporal() {
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(E2e.TEMPORAL_TARGET).build());
    }

    /** ListWorkflowExecutions with a visibility query, e.g. {@code RecflowModel = 'm' AND RecflowStatus = 'COMPLETED'}. */
    List<WorkflowExecutionInfo> list(String query) {
        return stubs.blockingStub().listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(E2e.NAMESPACE).setQuery(query).setPageSize(100).build()).getExecutionsList();
    }

    /** A search attribute of a listed execution, decoded (Keyword values are JSON strings). */
    static String attribute(WorkflowExecutionInfo info, String name) {
        Payload payload = info.getSearchAttributes().getIndexedFieldsMap().get(name);
        return payload == null ? null
                : DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
    }

    DescribeWorkflowExecutionResponse describe(String workflowId) {
        return stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(E2e.NAMESPACE).setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build());
    }

    /** The running activity of the workflow with this type, if any. */
    Optional<PendingActivityInfo> pendingActivity(String workflowId, String activityType) {
        return describe(workflowId).getPendingActivitiesList().stream()
                .filter(a -> a.getActivityType().getName().equals(activityType)).findFirst();
    }

    /** The last heartbeat details the server holds for an activity (recflow heartbeats one JSON object). */
    static Optional<JsonNode> heartbeat(PendingActivityInfo activity) {
        if (!activity.hasHeartbeatDetails() || activity.getHeartbeatDetails().getPayloadsCount() == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecflowApi.JSON.readTree(activity.getHeartbeatDetails().getPayloads(0).getData().toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The workflow's own answer to its {@code progress} query (through its worker), or null if none now. */
    String progressStatus(String workflowId) {
        PipelineProgress progress = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
                .setNamespace(E2e.NAMESPACE).build()).newUntypedWorkflowStub(workflowId)
                .query("progress", PipelineProgress.class);
        return progress == null || progress.status() == null ? null : progress.status().name();
    }

    @Override
    public void close() {
        stubs.shutdownNow();
    }
}
