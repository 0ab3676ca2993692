package io.recflow.api.pipelines;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.recflow.activities.lineage.PipelineRunEntity;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.api.infra.WorkflowDescriptions;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * Closes the lineage rows of runs (pipelines and sweeps) whose workflows no longer run, at start and every
 * {@code recflow.reconcile.every}: a workflow writes its own end, but not one that was terminated in Temporal or
 * whose last write failed, and Temporal's in-memory test server (the embedded mode's fallback) loses runs in flight
 * when the platform stops, as a namespace's retention period ends every history in time. Without this their rows
 * would say RUNNING forever.
 */
@ApplicationScoped
public class LostRunReconciler {

    private static final Logger LOG = Logger.getLogger(LostRunReconciler.class);
    static final String LOST = "lost: Temporal no longer has this run (the in-memory test server was restarted, or"
            + " the namespace's retention period expired); the artifacts and lineage of its finished stages remain";
    /**
     * Rows written to more recently are left alone: a run whose row is written and whose workflow is being started
     * (by a request, or by its sweep) is not known to Temporal yet.
     */
    static final Duration SETTLING = Duration.ofMinutes(2);

    @Inject
    RunRecords runRecords;
    @Inject
    WorkflowClient client;

    void atStart(@Observes StartupEvent event) {
        reconcile(SETTLING);
    }

    @Scheduled(every = "${recflow.reconcile.every:5m}", delayed = "${recflow.reconcile.every:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void periodically() {
        reconcile(SETTLING);
    }

    /** Closes each open row untouched for {@code settling} whose workflow Temporal has closed or does not know. */
    void reconcile(Duration settling) {
        for (PipelineRunEntity run : runRecords.openRuns(Instant.now().minus(settling))) {
            WorkflowExecutionStatus status;
            try {
                status = WorkflowDescriptions.describe(client, run.getId()).getWorkflowExecutionInfo().getStatus();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    close(run, PipelineStatus.FAILED, LOST);
                    continue;
                }
                LOG.warnf("cannot check open runs with Temporal now (%s); they keep their status", e.getStatus());
                return;
            }
            switch (status) {
                case WORKFLOW_EXECUTION_STATUS_COMPLETED -> close(run, PipelineStatus.COMPLETED, ended("completed"));
                case WORKFLOW_EXECUTION_STATUS_FAILED -> close(run, PipelineStatus.FAILED, ended("failed"));
                case WORKFLOW_EXECUTION_STATUS_CANCELED -> close(run, PipelineStatus.CANCELED, ended("was canceled"));
                case WORKFLOW_EXECUTION_STATUS_TERMINATED -> close(run, PipelineStatus.FAILED, ended("was terminated"));
                case WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> close(run, PipelineStatus.FAILED, ended("timed out"));
                default -> { }  // running, or continued as new: its workflow still writes its own end
            }
        }
    }

    private static String ended(String how) {
        return "its workflow " + how + " in Temporal without writing its end here (see its history in Temporal)";
    }

    private void close(PipelineRunEntity run, PipelineStatus status, String message) {
        runRecords.closeIfOpen(run.getId(), status, message);
        LOG.warnf("%s %s: %s", run.getKind(), run.getId(), message);
    }
}
