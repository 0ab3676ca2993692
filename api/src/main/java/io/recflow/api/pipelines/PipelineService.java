package io.recflow.api.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.PipelineRunEntity;
import io.recflow.activities.lineage.RunClaim;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.activities.lineage.StepEntity;
import io.recflow.api.foundation.FoundationBackboneCheck;
import io.recflow.api.problem.ProblemException;
import io.recflow.api.requests.IdempotencyKeys;
import io.recflow.api.requests.ListParameters;
import io.recflow.api.sources.InputUriCheck;
import io.quarkus.security.ForbiddenException;
import io.recflow.api.access.AuditLog;
import io.recflow.api.access.Caller;
import io.recflow.api.access.CurrentCaller;
import io.recflow.workflows.pipeline.Approval;
import io.recflow.workflows.pipeline.PipelineProgress;
import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.pipeline.PipelineWorkflow;
import io.recflow.workflows.pipeline.StageProgress;
import io.recflow.workflows.pipeline.StageStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts, lists, inspects and steers pipeline runs. A run is a Temporal workflow whose id is the
 * pipeline id, plus its {@code pipeline_run} lineage row written before the workflow starts (so a
 * run is listed even while Temporal is busy, and a retried request with the same Idempotency-Key
 * finds the same run).
 */
@ApplicationScoped
public class PipelineService {

    private static final Logger LOG = Logger.getLogger(PipelineService.class);

    @Inject
    WorkflowClient client;
    @Inject
    RunRecords runRecords;
    @Inject
    StepRecords stepRecords;
    @Inject
    LiveActivities liveActivities;
    @Inject
    ObjectMapper json;
    @Inject
    RunStarts runStarts;
    @Inject
    FoundationBackboneCheck foundationBackbones;
    @Inject
    InputUriCheck inputUris;
    @Inject
    CurrentCaller caller;
    @Inject
    AuditLog audit;
    @Inject
    RunFromLineage fromLineage;
    @ConfigProperty(name = "recflow.temporal.ui-url")
    Optional<String> temporalUi;
    /** A run's starter may not approve it (off for a one-person setup). */
    @ConfigProperty(name = "recflow.auth.four-eyes")
    boolean fourEyes;

    public PipelineView start(PipelineSpec spec, String idempotencyKey) {
        return start(spec, idempotencyKey, null);
    }

    /** Starts a run; {@code origin} (e.g. "rerun of pipeline-…") goes into the audit log's record of it. */
    public PipelineView start(PipelineSpec spec, String idempotencyKey, String origin) {
        if (spec == null) {
            throw ProblemException.badRequest("the request body must be a pipeline spec (JSON)");
        }
        IdempotencyKeys.requireValid(idempotencyKey);  // before the spec's URIs and backbone are looked up
        List<String> problems = problems(spec);
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("the pipeline spec is invalid: " + problems.size() + " problem(s)",
                    problems);
        }
        PipelineSpec normalized = spec.validated();
        foundationBackbones.requireImported(normalized);
        runStarts.requireTemporal("the pipeline");
        Caller me = caller.get();
        String specJson = toJson(normalized);
        String id = idempotencyKey == null ? "pipeline-" + UUID.randomUUID() : "pipeline-" + IdempotencyKeys.digest(idempotencyKey);
        RunClaim claim = runRecords.createRun(new NewRun(id, normalized.model(), specJson, normalized.seed(),
                idempotencyKey, me.name(), toJson(spec)));
        if (!claim.created()) {
            PipelineRunEntity existing = runRecords.run(claim.runId()).orElseThrow();
            if (!json.convertValue(existing.getSpec(), PipelineSpec.class).equals(normalized)) {
                throw ProblemException.conflict("Idempotency-Key '" + idempotencyKey + "' was already used for run "
                        + claim.runId() + " with a different spec; use a new key for a new run");
            }
        }
        // Also on a repeated request: the first one may have recorded the run and died before starting it. The audit
        // log says who started the run, whichever request that was.
        if (runStarts.start(claim, normalized,
                options -> WorkflowClient.start(client.newWorkflowStub(PipelineWorkflow.class, options)::run, normalized))) {
            audit.record(me, "pipeline.start", claim.runId(), "model " + normalized.model() + ", seed "
                    + normalized.seed() + (origin == null ? "" : ", " + origin));
            LOG.infof("started pipeline %s (model %s, seed %d)", claim.runId(), normalized.model(), normalized.seed());
        }
        return view(claim.runId());
    }

    /** What is wrong with {@code spec}: its own rules, and the places its URIs point to. */
    public List<String> problems(PipelineSpec spec) {
        return inputUris.specProblems(spec);
    }

    public List<PipelineSummary> list(String status, int limit) {
        ListParameters.requireRunStatus(status);
        ListParameters.requireLimit(limit);
        return runRecords.runs(status, limit).stream().map(PipelineService::summary).toList();
    }

    public PipelineView view(String id) {
        PipelineRunEntity run = run(id);
        Optional<PipelineProgress> progress = progress(id);
        if (progress.isEmpty()) {
            return viewFromLineage(run);
        }
        PipelineStatus status = progress.get().status();
        String message = progress.get().message();
        PipelineStatus recorded = PipelineStatus.valueOf(run.getStatus());
        if (recorded.isFinal() && !status.isFinal()) {  // ended outside its code (terminated): lineage says how
            status = recorded;
            message = run.getMessage();
        }
        PipelineSpec spec = json.convertValue(run.getSpec(), PipelineSpec.class);
        Map<String, List<LiveActivities.Live>> live = status.isFinal() ? Map.of()
                : live(id, !spec.training().compareAdapters().isEmpty());
        List<StepEntity> steps = stepRecords.steps(id);
        List<StageView> stages = new ArrayList<>();
        for (StageProgress stage : progress.get().stages()) {
            StepEntity last = steps.stream().filter(s -> s.getStage().equals(stage.stage()) && s.isMainPart())
                    .reduce((a, b) -> b).orElse(null);
            List<LiveActivities.Live> activities = live.getOrDefault(stage.stage(), List.of());
            List<LiveActivities.Live> parts = activities.stream().filter(a -> !a.isMainPart()).toList();
            // The stage's own activity; while only its other parts run (comparisons), the first of them, so a
            // client that draws one bar keeps drawing one.
            LiveActivities.Live running = activities.stream().filter(LiveActivities.Live::isMainPart).findFirst()
                    .orElse(parts.isEmpty() ? null : parts.get(0));
            Instant started = stage.startedAt() == null ? null : Instant.ofEpochMilli(stage.startedAt());
            Instant ended = stage.endedAt() == null ? null : Instant.ofEpochMilli(stage.endedAt());
            ReusedFrom reused = ReusedFrom.of(last, stepRecords);
            stages.add(new StageView(stage.stage(), reused != null ? StageStatus.CACHED : stage.status(),
                    running != null ? running.attempt() : last != null ? last.getAttempt() : 0,
                    started, ended, started != null && ended != null ? Duration.between(started, ended).toMillis() : null,
                    last == null ? null : last.getWorker(), last == null ? null : last.getDevice(),
                    last == null ? null : last.getCodeVersion(), stage.artifacts(),
                    // A retry says more than the stage's note (e.g. which comparison is training).
                    running != null && !running.lastFailure().isEmpty() ? "retrying: " + running.lastFailure()
                            : stage.message(),
                    running == null ? null : running.progress(), parts,
                    stage.metrics() == null ? Map.of() : stage.metrics(), reused));
        }
        return new PipelineView(id, run.getModel(), status, message,
                spec, run.getStartedBy(), run.getStartedAt(),
                run.getEndedAt(), stages, progress.get().modelVersion(), progress.get().metrics(),
                progress.get().promotion(), true, null, links(run, true));
    }

    /**
     * Temporal did not answer the progress query: the history is gone, or the run's workflow could not be
     * asked (no worker polls yet). Either way lineage says what the run did.
     */
    private PipelineView viewFromLineage(PipelineRunEntity run) {
        // Only a server that says it does not know the run has lost its history; otherwise it could not answer now.
        boolean kept = WorkflowPresence.of(client, run.getId()) != WorkflowPresence.GONE;
        var version = fromLineage.registeredVersion(run.getId());
        return new PipelineView(run.getId(), run.getModel(), PipelineStatus.valueOf(run.getStatus()), run.getMessage(),
                json.convertValue(run.getSpec(), PipelineSpec.class), run.getStartedBy(), run.getStartedAt(),
                run.getEndedAt(), fromLineage.stages(run), version.map(ModelVersionEntity::toRef).orElse(null),
                RunFromLineage.metrics(version), null, kept,
                kept ? "Temporal did not answer for this run just now: stages and artifacts are shown from lineage"
                        : RunFromLineage.HISTORY_GONE, links(run, kept));
    }

    private Map<String, String> links(PipelineRunEntity run, boolean historyKept) {
        String id = run.getId();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/api/v1/pipelines/" + id);
        if (run.getSweepId() != null) {
            links.put("sweep", "/api/v1/sweeps/" + run.getSweepId());
        }
        if (historyKept) {
            links.put("history", "/api/v1/pipelines/" + id + "/history");
            temporalUi.ifPresent(ui -> links.put("temporalUi", ui + "/namespaces/" + client.getOptions().getNamespace()
                    + "/workflows/" + id));
        }
        return links;
    }

    /** The workflow's event history as Temporal's JSON. */
    public String history(String id) {
        pipelineOrSweep(id);
        try {
            return client.fetchHistory(id).toJson(false);
        } catch (WorkflowNotFoundException e) {
            throw historyGone(id);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw historyGone(id);
            }
            throw ProblemException.unavailable("Temporal did not answer for the history of " + id + " ("
                    + e.getStatus().getCode() + "); try again when it is reachable");
        }
    }

    private static ProblemException historyGone(String id) {
        return ProblemException.notFound("Temporal no longer has the history of " + id + " (the namespace's retention"
                + " period expired, or the in-memory test server was restarted); its lineage is still recorded");
    }

    public PipelineView cancel(String id) {
        requireStatus(id, "cancel", PipelineStatus.RUNNING, PipelineStatus.WAITING_APPROVAL);
        client.newUntypedWorkflowStub(id).cancel();
        audit.record(caller.get(), "pipeline.cancel", id, "");
        return view(id);
    }

    /** Whether the run was started by a schedule ({@code schedule:<id>}) that {@code me} created or triggered. */
    private boolean setUp(Caller me, String startedBy) {
        return startedBy != null && startedBy.startsWith("schedule:") && audit.events(startedBy, me.name(), 1000)
                .stream().anyMatch(e -> e.action().equals("schedule.create") || e.action().equals("schedule.trigger"));
    }

    public PipelineView decide(String id, boolean approve, Approval approval) {
        Caller me = caller.actingAs(approval == null ? null : approval.actor());
        requireStatus(id, approve ? "approve" : "reject", PipelineStatus.WAITING_APPROVAL);
        String startedBy = run(id).getStartedBy();
        if (approve && fourEyes && (me.name().equals(startedBy) || setUp(me, startedBy))) {
            throw new ForbiddenException("four-eyes approval: " + me.name() + " started " + id
                    + (me.name().equals(startedBy) ? "" : " (" + startedBy + ", which they created or triggered)")
                    + " and may not approve it; another approver must (recflow.auth.four-eyes=false turns this off"
                    + " for a one-person setup)");
        }
        String reason = approval == null || approval.reason() == null ? "" : approval.reason();
        Approval by = new Approval(me.name(), reason);
        PipelineWorkflow workflow = client.newWorkflowStub(PipelineWorkflow.class, id);
        if (approve) {
            workflow.approve(by);
        } else {
            workflow.reject(by);
        }
        audit.record(me, approve ? "pipeline.approve" : "pipeline.reject", id, reason);
        return view(id);
    }

    private void requireStatus(String id, String action, PipelineStatus... allowed) {
        PipelineStatus status = view(id).status();
        if (!List.of(allowed).contains(status)) {
            throw ProblemException.conflict("cannot " + action + " pipeline " + id + ": it is " + status
                    + " (possible only when " + List.of(allowed) + ")");
        }
    }

    /** A pipeline's lineage row. A sweep's id is not a pipeline's: its view and cancel are under /api/v1/sweeps. */
    PipelineRunEntity run(String id) {
        PipelineRunEntity run = pipelineOrSweep(id);
        if (NewRun.SWEEP.equals(run.getKind())) {
            throw ProblemException.notFound(id + " is a sweep, not a pipeline: see /api/v1/sweeps/" + id);
        }
        return run;
    }

    /** A pipeline's or a sweep's lineage row: both are workflows with a history. */
    private PipelineRunEntity pipelineOrSweep(String id) {
        return runRecords.run(id).orElseThrow(() -> ProblemException.notFound("there is no pipeline " + id));
    }

    private Optional<PipelineProgress> progress(String id) {
        try {
            return Optional.of(WorkflowStub.fromTyped(client.newWorkflowStub(PipelineWorkflow.class, id))
                    .query("progress", PipelineProgress.class));
        } catch (RuntimeException e) {
            // The run's lineage row is the fallback: e.g. the embedded test server restarted and lost it.
            LOG.debugf("progress query of %s failed: %s", id, e.getMessage());
            return Optional.empty();
        }
    }

    private Map<String, List<LiveActivities.Live>> live(String id, boolean comparesAdapters) {
        try {
            return liveActivities.of(id, comparesAdapters);
        } catch (RuntimeException e) {
            LOG.debugf("describing %s failed: %s", id, e.getMessage());
            return Map.of();
        }
    }

    private static PipelineSummary summary(PipelineRunEntity run) {
        return new PipelineSummary(run.getId(), run.getModel(), PipelineStatus.valueOf(run.getStatus()),
                run.getMessage(), run.getSeed(), run.getStartedBy(), run.getStartedAt(), run.getEndedAt());
    }

    private String toJson(PipelineSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
