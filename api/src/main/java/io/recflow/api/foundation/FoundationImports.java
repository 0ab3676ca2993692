package io.recflow.api.foundation;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.recflow.api.infra.TemporalReachability;
import io.recflow.api.infra.WorkflowDescriptions;
import io.recflow.api.problem.ProblemException;
import io.recflow.workflows.TaskQueues;
import io.recflow.workflows.foundation.FoundationImportRequest;
import io.recflow.workflows.foundation.FoundationImportWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.common.v1.Payload;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Import workflows in Temporal: start one per model name, and say how the latest one went. */
@ApplicationScoped
public class FoundationImports {

    private static final Logger LOG = Logger.getLogger(FoundationImports.class);
    /** The memo field naming the GGUF (its sha256) an import reads. */
    private static final String GGUF_MEMO = "ggufSha256";

    @Inject
    WorkflowClient client;
    @Inject
    TemporalReachability temporal;

    /** The import's workflow, and whether this request started it or joined one already running. */
    public record Started(String workflowId, boolean started) {
    }

    /**
     * Starts the import of {@code request}, whose GGUF has the sha256 {@code ggufSha256}; while an import of the
     * name runs, a second request for the same GGUF joins it and one for another GGUF is a conflict. An import
     * that ended may be started again (the activity makes a repeat of a finished one a no-op).
     */
    public Started start(FoundationImportRequest request, String ggufSha256) {
        temporal.require("the import of " + request.name());
        String id = FoundationImportWorkflow.workflowId(request.name());
        FoundationImportWorkflow workflow = client.newWorkflowStub(FoundationImportWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setTaskQueue(TaskQueues.CPU)
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                        .setMemo(Map.of(GGUF_MEMO, ggufSha256))
                        .build());
        try {
            WorkflowClient.start(workflow::importModel, request);
            LOG.infof("started %s", id);
            return new Started(id, true);
        } catch (WorkflowExecutionAlreadyStarted e) {
            Optional<String> running = runningGguf(id);
            if (running.isPresent() && !running.get().equals(ggufSha256)) {
                throw ProblemException.conflict(request.name() + " is being imported from another GGUF (sha256 "
                        + running.get() + "); import this one under another name");
            }
            LOG.debugf("%s is running already", id);
            return new Started(id, false);
        }
    }

    /** The GGUF the running import of {@code id} reads (imports started before the memo existed say nothing). */
    private Optional<String> runningGguf(String id) {
        Payload payload = WorkflowDescriptions.describe(client, id).getWorkflowExecutionInfo().getMemo().getFieldsMap().get(GGUF_MEMO);
        return payload == null ? Optional.empty()
                : Optional.of(client.getOptions().getDataConverter().fromPayload(payload, String.class, String.class));
    }


    /** The latest import of the name that did not complete, if any (a completed one registered its model). */
    public Optional<ImportState> unfinished(String name) {
        String id = FoundationImportWorkflow.workflowId(name);
        WorkflowExecutionStatus status;
        try {
            status = WorkflowDescriptions.describe(client, id).getWorkflowExecutionInfo().getStatus();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw ProblemException.unavailable("Temporal did not answer about the import of " + name + " ("
                    + e.getStatus().getCode() + "); try again when it is reachable");
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
