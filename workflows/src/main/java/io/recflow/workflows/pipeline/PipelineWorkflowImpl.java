package io.recflow.workflows.pipeline;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.Failures;
import io.recflow.workflows.LineageWrites;
import io.recflow.workflows.evaluate.EvaluateActivities;
import io.recflow.workflows.evaluate.EvaluateRequest;
import io.recflow.workflows.evaluate.EvaluationResult;
import io.recflow.workflows.finetune.FineTuneActivities;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.finetune.FineTuneResult;
import io.recflow.workflows.ingest.IngestActivities;
import io.recflow.workflows.ingest.IngestRequest;
import io.recflow.workflows.ingest.IngestResult;
import io.recflow.workflows.promote.PromoteActivities;
import io.recflow.workflows.promote.PromoteRequest;
import io.recflow.workflows.promote.PromotionDecision;
import io.recflow.workflows.promote.PromotionVerdict;
import io.recflow.workflows.promote.RegisterRequest;
import io.recflow.workflows.tokenize.TokenizeActivities;
import io.recflow.workflows.tokenize.TokenizeRequest;
import io.recflow.workflows.tokenize.TokenizeResult;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.workflows.spec.PromotionSpec;
import io.recflow.workflows.spec.TrainingSpec;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pipeline. Deterministic: all I/O happens in activities, all time is workflow time, and the
 * payloads are artifact references and small specs only.
 */
public class PipelineWorkflowImpl implements PipelineWorkflow {

    /** Temporal's own attribute on the runs a Schedule starts: the schedule's id. */
    private static final SearchAttributeKey<String> SCHEDULED_BY = SearchAttributeKey.forKeyword("TemporalScheduledById");

    private final PipelineRunActivities runs =
            Workflow.newActivityStub(PipelineRunActivities.class, StagePolicies.bookkeeping());
    private final IngestActivities ingest = Workflow.newActivityStub(IngestActivities.class, StagePolicies.ingest());
    private final TokenizeActivities tokenize =
            Workflow.newActivityStub(TokenizeActivities.class, StagePolicies.tokenize());
    private final EvaluateActivities evaluate =
            Workflow.newActivityStub(EvaluateActivities.class, StagePolicies.evaluate());
    private final PromoteActivities promote =
            Workflow.newActivityStub(PromoteActivities.class, StagePolicies.promote());

    private final PipelineTracker tracker = new PipelineTracker();
    private Approval approval;
    private boolean approved;
    /** Set when the run was started by a sweep: it reports to the sweep and waits for its offer. */
    private SweepMembership sweep;
    private SweepOffer offer;
    /** Started with recflow's search attributes (a real server): keep RecflowStatus current. */
    private boolean searchAttributes;
    /** The run's lineage writes finish even when a cancel arrives during one ({@link LineageWrites}). */
    private boolean writesOutliveCancel;

    @Override
    public PipelineResult run(PipelineSpec requested) {
        writesOutliveCancel = WorkflowVersions.writesOutliveCancel();
        searchAttributes = Workflow.getTypedSearchAttributes().containsKey(RecflowSearchAttributes.PIPELINE);
        // Only sweeps start runs as children; a run without a parent (every run recorded before) replays unchanged.
        sweep = SweepMembership.of(Workflow.getInfo()).orElse(null);
        PipelineSpec spec = WorkflowVersions.specCompletedBySubmitter()
                ? requested : legacyCompletion(requested);
        if (!spec.isComplete()) {
            String message = "incomplete pipeline spec: start runs with PipelineSpec.validated() (the API does)";
            setStatus(PipelineStatus.FAILED, message);
            throw ApplicationFailure.newNonRetryableFailure(message, Failures.BAD_INPUT);
        }
        try {
            if (WorkflowVersions.recordsItsStart()) {
                LineageWrites.run(writesOutliveCancel, () -> runs.recordStart(spec, scheduledBy()));
            } else {
                runs.recordStatus(PipelineStatus.RUNNING, null);
            }
            IngestResult data = stage(Stage.INGEST,
                    () -> ingest.ingest(new IngestRequest(spec.data(), spec.seed())),
                    r -> List.of(r.dataset(), r.split()),
                    r -> r.users() + " users, " + r.items() + " items, " + r.interactions() + " interactions");
            TokenizeResult tokens = stage(Stage.TOKENIZE,
                    () -> tokenize.tokenize(new TokenizeRequest(data.dataset(), data.split(), spec.tokenizer(),
                            spec.seed())),
                    r -> List.of(r.encoder(), r.tokenizer()),
                    r -> null);
            tracker.metrics(Stage.TOKENIZE, tokens.metrics());
            if (sweep != null) {
                sweep.upstreamReady();
            }
            TrainedModels trained = stage(Stage.FINE_TUNE,
                    () -> fineTuneAll(spec, data, tokens),
                    TrainedModels::artifacts,
                    TrainedModels::summary);
            tracker.metrics(Stage.FINE_TUNE, trained.metrics());
            FineTuneResult model = trained.candidate();
            EvaluationResult evaluation = stage(Stage.EVALUATE,
                    () -> evaluate.evaluate(new EvaluateRequest(model.model(), data.dataset(), data.split(),
                            spec.evaluation(), spec.seed(), spec.model(), trained.comparisonModels())),
                    r -> List.of(r.report()),
                    r -> null);
            tracker.metrics(evaluation.metrics());
            if (sweep != null) {
                if (sweep.evaluated(evaluation.metrics())) {
                    Workflow.await(() -> offer != null);
                } else {
                    offer = new SweepOffer(false, "its sweep ended before it could offer a run to promotion");
                }
            }
            PromotionDecision decision = stage(Stage.PROMOTE,
                    () -> promote(spec, model.model(), evaluation),
                    r -> List.of(),
                    PromotionDecision::reason);
            tracker.promotion(decision);
            // A cancel that came while the alias moved finds the run done: Temporal closes it as canceled.
            setStatus(PipelineStatus.COMPLETED, decision.reason() + (CancellationScope.current().isCancelRequested()
                    ? " (a cancel arrived after the promotion had begun; Temporal shows the run as canceled)" : ""));
            return new PipelineResult(decision.candidate(), evaluation.metrics(), decision);
        } catch (ActivityFailure e) {
            if (e.getCause() instanceof CanceledFailure canceled) {
                throw recordCancellation(canceled);
            }
            String message = Failures.rootMessage(e);
            tracker.stopped(StageStatus.FAILED, message);
            setStatus(PipelineStatus.FAILED, message);
            throw ApplicationFailure.newNonRetryableFailureWithCause(message, failureType(e), e);
        } catch (CanceledFailure e) {
            throw recordCancellation(e);
        }
    }

    /**
     * The candidate, then one comparison per {@code training.compareAdapters}, each its own heartbeating,
     * resumable activity that fine-tunes the candidate's pre-trained base (never pre-training again). The
     * comparisons are scheduled together, so workers with free training slots take them side by side, and
     * the first to fail cancels the others (runs recorded before did one after another, or waited for
     * each in turn, and replay so). A spec without comparisons schedules exactly the one activity it always
     * did, so recorded histories replay.
     */
    private TrainedModels fineTuneAll(PipelineSpec spec, IngestResult data, TokenizeResult tokens) {
        TrainingSpec training = spec.training();
        FineTuneResult candidate = fineTune("candidate " + training.adapter()).fineTune(new FineTuneRequest(
                data.dataset(), data.split(), tokens.encoder(), tokens.tokenizer(), training.candidate(), spec.seed(),
                null));
        Function<String, FineTuneRequest> comparison = adapter -> new FineTuneRequest(data.dataset(), data.split(),
                tokens.encoder(), tokens.tokenizer(), training.comparison(adapter), spec.seed(), candidate.model());
        Map<String, FineTuneResult> comparisons = new LinkedHashMap<>();
        if (training.compareAdapters().isEmpty()) {
            return new TrainedModels(candidate, comparisons);
        }
        WorkflowVersions.Comparisons way = WorkflowVersions.comparisons();
        if (way != WorkflowVersions.Comparisons.IN_TURN) {
            tracker.note(Stage.FINE_TUNE, "training comparisons " + String.join(", ", training.compareAdapters()));
            Map<String, Promise<FineTuneResult>> started = new LinkedHashMap<>();
            CancellationScope siblings = Workflow.newCancellationScope(() -> training.compareAdapters().forEach(
                    adapter -> started.put(adapter, Async.function(fineTune("comparison " + adapter)::fineTune,
                            comparison.apply(adapter)))));
            siblings.run();
            if (way == WorkflowVersions.Comparisons.SIDE_BY_SIDE_FAILING_FAST) {
                // allOf fails with the first failure: the others' hours of training would be thrown away anyway.
                // It is called in the task that scheduled them, before any can have failed (a promise already
                // failed when allOf is called would be missed: sdk-java#2046).
                try {
                    Promise.allOf(started.values()).get();
                } catch (ActivityFailure failure) {
                    siblings.cancel();
                    throw failure;
                }
            }
            started.forEach((adapter, result) -> comparisons.put(adapter, result.get()));
            return new TrainedModels(candidate, comparisons);
        }
        for (String adapter : training.compareAdapters()) {
            tracker.note(Stage.FINE_TUNE, "training comparison " + adapter + " (" + (comparisons.size() + 1)
                    + " of " + training.compareAdapters().size() + ")");
            comparisons.put(adapter, fineTune("comparison " + adapter).fineTune(comparison.apply(adapter)));
        }
        return new TrainedModels(candidate, comparisons);
    }

    /**
     * The fine-tune activity, with {@code summary} as its summary in the Temporal UI: a run with comparisons
     * schedules several FineTune activities, told apart there by it (e.g. "comparison lora").
     */
    private static FineTuneActivities fineTune(String summary) {
        return Workflow.newActivityStub(FineTuneActivities.class, StagePolicies.fineTune(summary));
    }

    /**
     * Runs started before the API completed specs received them as requested and completed and checked
     * them here; replaying such a run must make the same decisions, so this path stays for them.
     */
    private PipelineSpec legacyCompletion(PipelineSpec requested) {
        PipelineSpec spec = requested.withDefaults();
        List<String> problems = spec.problems();
        if (!problems.isEmpty()) {
            String message = "invalid pipeline spec: " + String.join("; ", problems);
            setStatus(PipelineStatus.FAILED, message);
            throw ApplicationFailure.newNonRetryableFailure(message, Failures.BAD_INPUT);
        }
        return spec;
    }

    /** {@code schedule:<id>} when a Temporal Schedule started the run (the server tags such runs), else null. */
    private static String scheduledBy() {
        SearchAttributes attributes = Workflow.getTypedSearchAttributes();
        return attributes.containsKey(SCHEDULED_BY) ? "schedule:" + attributes.get(SCHEDULED_BY) : null;
    }

    private CanceledFailure recordCancellation(CanceledFailure cancellation) {
        tracker.stopped(StageStatus.CANCELED, "canceled");
        // The workflow's own scope is canceled: the status write needs a scope of its own.
        Workflow.newDetachedCancellationScope(() -> setStatus(PipelineStatus.CANCELED, "canceled by request")).run();
        return cancellation;
    }

    /**
     * Registers the candidate and, when the policy (and a person, if asked) agrees, moves the champion alias. The
     * two writes do not heartbeat, so a cancel does not stop them once they run: in the workflow's own scope it
     * would close the run as canceled while the alias still moved. They finish, and a cancel that arrived before
     * the alias move keeps it from starting.
     */
    private PromotionDecision promote(PipelineSpec spec, ArtifactRef model, EvaluationResult evaluation) {
        boolean outliveCancel = WorkflowVersions.promotionOutlivesCancel();
        PromotionSpec policy = spec.promotion();
        RegisterRequest registration = new RegisterRequest(spec.model(), model, evaluation.report(),
                evaluation.metrics().get(EvaluationResult.CANDIDATE), policy);
        PromotionVerdict verdict = LineageWrites.call(outliveCancel, () -> promote.register(registration));
        tracker.modelVersion(verdict.candidate());
        if (offer != null && !offer.offered()) {
            return new PromotionDecision(verdict.candidate(), verdict.champion(), false, "sweep", offer.reason());
        }
        if (!verdict.passes()) {
            return new PromotionDecision(verdict.candidate(), verdict.champion(), false, "policy", verdict.reason());
        }
        String actor = "policy";
        String reason = verdict.reason();
        if (policy.requireApproval()) {
            setStatus(PipelineStatus.WAITING_APPROVAL, "waiting for approval: " + verdict.reason());
            boolean decided = Workflow.await(Duration.ofSeconds(policy.approvalTimeoutSeconds()), () -> approval != null);
            setStatus(PipelineStatus.RUNNING, null);
            if (!decided) {
                return new PromotionDecision(verdict.candidate(), verdict.champion(), false, "timeout",
                        "no approval within " + policy.approvalTimeoutSeconds() + " s");
            }
            if (!approved) {
                return new PromotionDecision(verdict.candidate(), verdict.champion(), false, approval.actor(),
                        "rejected: " + approval.reason());
            }
            actor = approval.actor();
            reason = verdict.reason() + "; approved: " + approval.reason();
        }
        PromoteRequest move = new PromoteRequest(verdict.candidate(), PromoteRequest.CHAMPION, actor, reason,
                new PromoteRequest.Replacing(verdict.champion()));
        if (!outliveCancel) {
            return promote.promote(move);
        }
        if (CancellationScope.current().isCancelRequested()) {
            throw new CanceledFailure("canceled before the champion alias moved");
        }
        return LineageWrites.call(true, () -> promote.promote(move));
    }

    private <T> T stage(Stage stage, Supplier<T> work, Function<T, List<ArtifactRef>> artifacts,
                        Function<T, String> note) {
        tracker.started(stage);
        T result = work.get();
        tracker.completed(stage, artifacts.apply(result), note.apply(result));
        return result;
    }

    private void setStatus(PipelineStatus status, String message) {
        tracker.status(status, message);
        if (searchAttributes) {
            Workflow.upsertTypedSearchAttributes(RecflowSearchAttributes.STATUS.valueSet(status.name()));
        }
        LineageWrites.run(writesOutliveCancel, () -> runs.recordStatus(status, message));
    }

    private static String failureType(ActivityFailure failure) {
        return failure.getCause() instanceof ApplicationFailure app && Failures.BAD_INPUT.equals(app.getType())
                ? Failures.BAD_INPUT : "PipelineFailed";
    }

    @Override
    public PipelineProgress progress() {
        return tracker.snapshot();
    }

    @Override
    public void approve(Approval by) {
        if (approval == null) {
            approval = by;
            approved = true;
        }
    }

    @Override
    public void offer(SweepOffer decision) {
        if (offer == null) {
            offer = decision;
        }
    }

    @Override
    public void reject(Approval by) {
        if (approval == null) {
            approval = by;
            approved = false;
        }
    }
}
