package io.recflow.api.sweeps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.PipelineRunEntity;
import io.recflow.activities.lineage.RunClaim;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.api.access.AuditLog;
import io.recflow.api.access.Caller;
import io.recflow.api.access.CurrentCaller;
import io.recflow.api.pipelines.RunStarts;
import io.recflow.api.problem.ProblemException;
import io.recflow.api.requests.IdempotencyKeys;
import io.recflow.api.requests.ListParameters;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.sweep.SweepChild;
import io.recflow.workflows.sweep.SweepChildProgress;
import io.recflow.workflows.sweep.SweepChildStatus;
import io.recflow.workflows.sweep.SweepPlan;
import io.recflow.workflows.sweep.SweepProgress;
import io.recflow.workflows.sweep.SweepWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts, lists, shows and cancels sweeps. Like a pipeline run, a sweep's lineage row is written before its
 * workflow starts; its children's rows are written by the sweep as it starts each of them.
 */
@ApplicationScoped
public class SweepService {

    private static final Logger LOG = Logger.getLogger(SweepService.class);
    static final String HISTORY_GONE = "Temporal no longer has this sweep: the table is rebuilt from lineage (each"
            + " child's status and the test numbers of the version it registered; the validation numbers lived in"
            + " the workflow)";

    @Inject
    SweepExpansion expansion;
    @Inject
    RunRecords runRecords;
    @Inject
    ModelRegistry registry;
    @Inject
    WorkflowClient client;
    @Inject
    RunStarts runStarts;
    @Inject
    CurrentCaller caller;
    @Inject
    AuditLog audit;
    @Inject
    ObjectMapper json;

    public SweepView start(SweepRequest request, String idempotencyKey) {
        IdempotencyKeys.requireValid(idempotencyKey);
        String suffix = idempotencyKey == null ? UUID.randomUUID().toString() : IdempotencyKeys.digest(idempotencyKey);
        SweepPlan plan = expansion.plan(request, n -> "pipeline-" + suffix + "-" + n);
        SweepRecord record = new SweepRecord(request, plan.maxParallel(), plan.selectBy(), plan.children().stream()
                .map(c -> new SweepRecord.Child(c.runId(), c.overrides())).toList());
        Caller me = caller.get();
        SweepChild first = plan.children().get(0);
        runStarts.requireTemporal("the sweep");
        RunClaim claim = runRecords.createRun(new NewRun("sweep-" + suffix, first.spec().model(), toJson(record),
                first.spec().seed(), idempotencyKey, me.name(), NewRun.SWEEP, null));
        if (!claim.created()) {
            PipelineRunEntity existing = runRecords.run(claim.runId()).orElseThrow();
            if (!NewRun.SWEEP.equals(existing.getKind()) || !recorded(existing).equals(record)) {
                throw ProblemException.conflict("Idempotency-Key '" + idempotencyKey + "' was already used for "
                        + claim.runId() + " with another request; use a new key for a new sweep");
            }
        }
        // Its children carry the sweep's id as their RecflowPipeline search attribute.
        if (runStarts.start(claim, first.spec(),
                options -> WorkflowClient.start(client.newWorkflowStub(SweepWorkflow.class, options)::run, plan))) {
            audit.record(me, "sweep.start", claim.runId(), plan.children().size() + " configurations of model "
                    + first.spec().model() + ", " + plan.maxParallel() + " at a time");
            LOG.infof("started sweep %s (%d configurations)", claim.runId(), plan.children().size());
        }
        return view(claim.runId());
    }

    public List<SweepSummary> list(String status, int limit) {
        ListParameters.requireRunStatus(status);
        ListParameters.requireLimit(limit);
        return runRecords.runs(NewRun.SWEEP, status, limit).stream().map(run -> new SweepSummary(run.getId(),
                run.getModel(), PipelineStatus.valueOf(run.getStatus()), run.getMessage(),
                recorded(run).children().size(), run.getStartedBy(), run.getStartedAt(), run.getEndedAt())).toList();
    }

    public SweepView view(String id) {
        PipelineRunEntity run = sweep(id);
        SweepRecord record = recorded(run);
        Optional<SweepProgress> progress = progress(id);
        PipelineStatus recorded = PipelineStatus.valueOf(run.getStatus());
        if (progress.isPresent()) {
            SweepProgress p = progress.get();
            // Ended outside its code (terminated, or its bookkeeping failed): lineage says how.
            boolean endedOutside = recorded.isFinal() && !p.status().isFinal();
            return new SweepView(id, run.getModel(), endedOutside ? recorded : p.status(),
                    endedOutside ? run.getMessage() : p.message(), p.selectBy(), record.maxParallel(),
                    p.best(), run.getStartedBy(), run.getStartedAt(), run.getEndedAt(), p.children(), true, null,
                    links(id));
        }
        PipelineStatus status = recorded;
        List<SweepChildProgress> children = record.children().stream().map(c -> fromLineage(c, status)).toList();
        return new SweepView(id, run.getModel(), status, run.getMessage(), record.selectBy(), record.maxParallel(),
                null, run.getStartedBy(), run.getStartedAt(), run.getEndedAt(), children, false,
                status.isFinal() ? HISTORY_GONE : "Temporal did not answer for this sweep just now: the table is"
                        + " rebuilt from lineage", links(id));
    }

    public SweepView cancel(String id) {
        PipelineStatus status = view(id).status();
        if (status != PipelineStatus.RUNNING) {
            throw ProblemException.conflict("cannot cancel sweep " + id + ": it is " + status
                    + " (possible only while RUNNING)");
        }
        client.newUntypedWorkflowStub(id).cancel();
        audit.record(caller.get(), "sweep.cancel", id, "");
        return view(id);
    }

    private SweepChildProgress fromLineage(SweepRecord.Child child, PipelineStatus sweepStatus) {
        Optional<PipelineRunEntity> run = runRecords.run(child.runId());
        SweepChildStatus status = run.map(r -> switch (PipelineStatus.valueOf(r.getStatus())) {
            case RUNNING, WAITING_APPROVAL -> SweepChildStatus.RUNNING;
            case COMPLETED -> SweepChildStatus.COMPLETED;
            case FAILED -> SweepChildStatus.FAILED;
            case CANCELED -> SweepChildStatus.CANCELED;
        }).orElse(sweepStatus.isFinal() ? SweepChildStatus.CANCELED : SweepChildStatus.PENDING);
        Map<String, Double> test = new LinkedHashMap<>();
        registry.registeredBy(child.runId()).map(ModelVersionEntity::getMetrics).orElse(Map.of())
                .forEach((metric, value) -> {
                    if (value instanceof Number n) {
                        test.put(metric, n.doubleValue());
                    }
                });
        return new SweepChildProgress(child.runId(), child.overrides(), status, Map.of(), test, null,
                run.map(PipelineRunEntity::getMessage).orElse(null));
    }

    private Optional<SweepProgress> progress(String id) {
        try {
            return Optional.ofNullable(WorkflowStub.fromTyped(client.newWorkflowStub(SweepWorkflow.class, id))
                    .query("progress", SweepProgress.class));
        } catch (RuntimeException e) {
            LOG.debugf("progress query of sweep %s failed: %s", id, e.getMessage());
            return Optional.empty();
        }
    }

    private Map<String, String> links(String id) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/api/v1/sweeps/" + id);
        links.put("history", "/api/v1/pipelines/" + id + "/history");
        return links;
    }

    private PipelineRunEntity sweep(String id) {
        return runRecords.run(id).filter(r -> NewRun.SWEEP.equals(r.getKind()))
                .orElseThrow(() -> ProblemException.notFound("there is no sweep " + id));
    }

    private SweepRecord recorded(PipelineRunEntity run) {
        return json.convertValue(run.getSpec(), SweepRecord.class);
    }

    private String toJson(SweepRecord record) {
        try {
            return json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
