package io.recflow.api.pipelines;

import io.recflow.activities.lineage.RunClaim;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.api.infra.TemporalReachability;
import io.recflow.api.schedules.TemporalFeatures;
import io.recflow.workflows.TaskQueues;
import io.recflow.workflows.pipeline.RecflowSearchAttributes;
import io.recflow.workflows.spec.PipelineSpec;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Function;

/**
 * Starts the workflow of a run (a pipeline or a sweep) whose lineage row a request has claimed: the run's id is the
 * workflow's, on the CPU queue, never reused, tagged for the Web UI where the server has search attributes. When
 * Temporal refuses the start or cannot be reached, the row the request wrote goes again, so lineage holds no run
 * that never ran and a retry with the same Idempotency-Key starts afresh.
 */
@ApplicationScoped
public class RunStarts {

    @Inject
    RunRecords runRecords;
    @Inject
    TemporalFeatures temporalFeatures;
    @Inject
    TemporalReachability temporal;

    /** Before a run's row is written: a 503 in at most 3 s when Temporal is down, and nothing recorded. */
    public void requireTemporal(String what) {
        temporal.require(what);
    }

    /**
     * Starts the run's workflow with {@code start}, given the options; true if this call started it, false if an
     * earlier request with the same Idempotency-Key did. {@code tagged} is the spec its search attributes describe.
     */
    public boolean start(RunClaim claim, PipelineSpec tagged, Function<WorkflowOptions, WorkflowExecution> start) {
        String id = claim.runId();
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(TaskQueues.CPU)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
        if (temporalFeatures.searchAttributes()) {  // a real server: filterable in the Web UI and visibility API
            options.setTypedSearchAttributes(RecflowSearchAttributes.initial(id, tagged));
        }
        WorkflowExecution execution;
        try {
            execution = start.apply(options.build());
        } catch (WorkflowExecutionAlreadyStarted e) {
            return false;
        } catch (RuntimeException e) {
            // Only the row this request wrote: an older one may belong to a run that started and is merely out of
            // reach now. Should the start have reached the server after all, its workflow writes its row again.
            if (claim.created()) {
                runRecords.discardUnstarted(id);
            }
            throw e;
        }
        runRecords.setTemporalRunId(id, execution.getRunId());
        return true;
    }
}
