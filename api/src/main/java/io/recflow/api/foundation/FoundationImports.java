package io.recflow.api.foundation;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.recflow.workflows.TaskQueues;
import io.recflow.workflows.foundation.FoundationImportRequest;
import io.recflow.workflows.foundation.FoundationImportWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Import workflows in Temporal: start one per model name, and say how the latest one went. */
@ApplicationScoped
public class FoundationImports {

    private static final Logger LOG = Logger.getLogger(FoundationImports.class);

    @Inject
    WorkflowClient client;

    /**
     * Starts the import and returns its workflow id; while an import of the name runs, a second request
     * joins it. An import that ended may be started again (the activity makes a repeat of a finished one a no-op).
     */
    public String start(FoundationImportRequest request) {
        String id = FoundationImportWorkflow.workflowId(request.name());
        FoundationImportWorkflow workflow = client.newWorkflowStub(FoundationImportWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setTaskQueue(TaskQueues.CPU)
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                        .build());
        try {
            WorkflowClient.start(workflow::importModel, request);
            LOG.infof("started %s", id);
        } catch (WorkflowExecutionAlreadyStarted e) {
            LOG.debugf("%s is running already", id);
        }
        return id;
    }

    /** The latest import of the name that did not complete, if any (a completed one registered its model). */
    public Optional<ImportState> unfinished(String name) {
        String id = FoundationImportWorkflow.workflowId(name);
        WorkflowExecutionStatus status;
        try {
            status = client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                            .build()).getWorkflowExecutionInfo().getStatus();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        return switch (status) {
            case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW ->
                    Optional.of(new ImportState(id, FoundationModelView.IMPORTING, null));
            case WORKFLOW_EXECUTION_STATUS_COMPLETED -> Optional.empty();
            default -> Optional.of(new ImportState(id, FoundationModelView.FAILED, failure(id)));
        };
    }

    /** The message of the failure that ended the workflow (the activity's, when it was the activity's). */
    private String failure(String id) {
        try {
            client.newUntypedWorkflowStub(id).getResult(1, TimeUnit.SECONDS, Object.class);
            return "ended without a result";
        } catch (WorkflowFailedException e) {
            Throwable cause = e;
            String message = e.getMessage();
            while (cause != null) {
                if (cause instanceof ApplicationFailure application) {
                    message = application.getOriginalMessage();
                }
                cause = cause.getCause();
            }
            return message;
        } catch (TimeoutException e) {
            return "its outcome is not known yet";
        }
    }
}
