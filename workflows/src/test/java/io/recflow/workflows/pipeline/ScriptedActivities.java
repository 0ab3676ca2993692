package io.recflow.workflows.pipeline;

import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.Failures;
import io.recflow.workflows.evaluate.EvaluateActivities;
import io.recflow.workflows.evaluate.EvaluateRequest;
import io.recflow.workflows.evaluate.EvaluationResult;
import io.recflow.workflows.finetune.FineTuneActivities;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.finetune.FineTuneResult;
import io.recflow.workflows.ingest.IngestActivities;
import io.recflow.workflows.ingest.IngestRequest;
import io.recflow.workflows.ingest.IngestResult;
import io.recflow.workflows.promote.ModelVersionRef;
import io.recflow.workflows.promote.PromoteActivities;
import io.recflow.workflows.promote.PromoteRequest;
import io.recflow.workflows.promote.PromotionDecision;
import io.recflow.workflows.promote.PromotionVerdict;
import io.recflow.workflows.promote.RegisterRequest;
import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.workflows.tokenize.TokenizeActivities;
import io.recflow.workflows.tokenize.TokenizeRequest;
import io.recflow.workflows.tokenize.TokenizeResult;
import io.recflow.workflows.sweep.SweepActivities;
import io.recflow.workflows.sweep.SweepChild;
import io.recflow.workflows.sweep.SweepChildProgress;
import io.recflow.workflows.sweep.SweepChildStatus;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-ins for the stage activities that exercise the workflow's control flow: they return
 * references without doing the work (the real activities are tested against real infrastructure in
 * the activities and api modules) and record what the workflow asked of them.
 */
public class ScriptedActivities implements PipelineRunActivities, IngestActivities, TokenizeActivities,
        FineTuneActivities, EvaluateActivities, PromoteActivities, SweepActivities {

    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<PipelineStatus> statuses = new CopyOnWriteArrayList<>();
    /** The message of each status in {@link #statuses} (empty for none). */
    final List<String> messages = new CopyOnWriteArrayList<>();
    /** The runs a sweep recorded, in order. */
    public final List<String> sweepChildren = new CopyOnWriteArrayList<>();
    /** What the sweep closed its children's rows with, at its end. */
    public final Map<String, SweepChildStatus> closedChildren = new ConcurrentHashMap<>();
    /** The sweep's writes of its children's rows in the order they finished: "record run-1", "close run-1", ... */
    public final List<String> sweepRowWrites = new CopyOnWriteArrayList<>();
    /** The validation row's NDCG@10 by model, when the evaluation asks for that row (0.2 for a model not here). */
    public final Map<String, Double> validationScores = new ConcurrentHashMap<>();
    final List<FineTuneRequest> fineTuneRequests = new CopyOnWriteArrayList<>();
    final List<EvaluateRequest> evaluateRequests = new CopyOnWriteArrayList<>();
    final AtomicInteger fineTuneAttempts = new AtomicInteger();
    public volatile boolean badData;
    volatile int fineTuneTransientFailures;
    volatile boolean policyPasses = true;
    /** Set, keeps fine-tune waiting once it runs. */
    public volatile Hold fineTuneHold;
    /** Set, the comparison of this adapter fails at once, as bad input (no retries). */
    private volatile String failingComparison;
    /** Set, keeps every other comparison waiting once it runs. */
    private volatile Hold comparisonHold;
    /** Set, keeps a run's recordStart waiting once it runs. */
    public volatile Hold recordStartHold;
    /** Set, keeps a sweep's recordChild waiting once it runs. */
    public volatile Hold recordChildHold;
    /** Set, keeps the registration of the candidate waiting once it runs. */
    volatile Hold registerHold;
    /** Set, keeps the champion alias's move waiting once it runs. */
    volatile Hold promoteHold;

    /** Keeps an activity, once it runs, waiting (and heartbeating, so a cancel reaches it) until released. */
    public static final class Hold {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Waits up to 30 s for the activity to run; false if it did not. */
        public boolean awaitEntered() throws InterruptedException {
            return entered.await(30, TimeUnit.SECONDS);
        }

        public void release() {
            released.countDown();
        }

        void enterAndWait() {
            entered.countDown();
            try {
                while (!released.await(100, TimeUnit.MILLISECONDS)) {
                    Activity.getExecutionContext().heartbeat(null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Makes the comparison of {@code adapter} fail at once; returns the hold that keeps every other one waiting. */
    Hold failComparison(String adapter) {
        failingComparison = adapter;
        return comparisonHold = new Hold();
    }

    @Override
    public void recordStatus(PipelineStatus status, String message) {
        statuses.add(status);
        messages.add(message == null ? "" : message);
    }

    @Override
    public void recordStart(PipelineSpec spec, String startedBy) {
        if (recordStartHold != null) {
            recordStartHold.enterAndWait();
        }
        statuses.add(PipelineStatus.RUNNING);
    }

    @Override
    public IngestResult ingest(IngestRequest request) {
        calls.add("ingest " + request.data().uri() + " seed=" + request.seed());
        if (badData) {
            throw ApplicationFailure.newNonRetryableFailure("data.csv line 3, field 'timestamp': not a number",
                    Failures.BAD_INPUT);
        }
        return new IngestResult(ref(ArtifactKind.DATASET, "d"), ref(ArtifactKind.SPLIT, "s"), 10, 20, 300);
    }

    @Override
    public TokenizeResult tokenize(TokenizeRequest request) {
        calls.add("tokenize " + request.dataset().sha256());
        return new TokenizeResult(ref(ArtifactKind.ENCODER, "e"), ref(ArtifactKind.TOKENIZER, "t"), Map.of());
    }

    @Override
    public FineTuneResult fineTune(FineTuneRequest request) {
        int attempt = Activity.getExecutionContext().getInfo().getAttempt();
        fineTuneAttempts.incrementAndGet();
        fineTuneRequests.add(request);
        calls.add("fine-tune attempt " + attempt + " on " + Activity.getExecutionContext().getInfo().getActivityTaskQueue());
        if (fineTuneHold != null) {
            fineTuneHold.enterAndWait();
        }
        if (request.reuseBaseOf() != null) {
            if (request.training().adapter().equals(failingComparison)) {
                throw ApplicationFailure.newNonRetryableFailure("comparison " + failingComparison
                        + ": training.rank 8 exceeds the base's width 4", Failures.BAD_INPUT);
            }
            if (comparisonHold != null) {
                comparisonHold.enterAndWait();
            }
        }
        if (attempt <= fineTuneTransientFailures) {
            throw new IllegalStateException("worker lost its S3 connection");
        }
        String model = request.reuseBaseOf() == null ? candidateModel(request.training().experts())
                : "m-" + request.training().adapter();
        return new FineTuneResult(ref(ArtifactKind.MODEL, model), "cpu", Map.of("loss", 1.5));
    }

    @Override
    public EvaluationResult evaluate(EvaluateRequest request) {
        calls.add("evaluate " + request.model().sha256());
        evaluateRequests.add(request);
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        metrics.put(EvaluationResult.CANDIDATE, Map.of("full-ranking/NDCG@10", 0.31));
        metrics.put("popularity", Map.of("full-ranking/NDCG@10", 0.05));
        if (request.evaluation().validation()) {
            metrics.put(EvaluationResult.VALIDATION,
                    Map.of("full-ranking/NDCG@10", validationScores.getOrDefault(request.model().sha256(), 0.2)));
        }
        return new EvaluationResult(ref(ArtifactKind.EVAL_REPORT, "r"), metrics);
    }

    @Override
    public void recordChild(SweepChild child) {
        if (recordChildHold != null) {
            recordChildHold.enterAndWait();
        }
        sweepChildren.add(child.runId());
        sweepRowWrites.add("record " + child.runId());
    }

    @Override
    public void closeChildren(List<SweepChildProgress> children) {
        children.forEach(child -> {
            closedChildren.put(child.runId(), child.status());
            sweepRowWrites.add("close " + child.runId());
        });
    }

    /** The candidate's model: {@code m} with the default 4 experts, else {@code m-e<experts>}. */
    public static String candidateModel(int experts) {
        return experts == 4 ? "m" : "m-e" + experts;
    }

    @Override
    public PromotionVerdict register(RegisterRequest request) {
        if (registerHold != null) {
            registerHold.enterAndWait();
        }
        calls.add("register " + request.model() + " " + request.metrics());
        ModelVersionRef candidate = new ModelVersionRef(request.model(), 2);
        ModelVersionRef champion = new ModelVersionRef(request.model(), 1);
        return new PromotionVerdict(candidate, champion, policyPasses, 0.31, 0.30,
                policyPasses ? "ndcg@10 0.31 beats 0.30" : "ndcg@10 0.31 does not beat 0.40");
    }

    @Override
    public PromotionDecision promote(PromoteRequest request) {
        if (promoteHold != null) {
            promoteHold.enterAndWait();
        }
        calls.add("promote " + request.candidate() + " to " + request.alias() + " by " + request.actor());
        return new PromotionDecision(request.candidate(), new ModelVersionRef(request.candidate().name(), 1), true,
                request.actor(), request.reason());
    }

    public static ArtifactRef ref(String kind, String sha) {
        return new ArtifactRef("s3://recflow/artifacts/" + kind + "/" + sha, sha, 1, kind);
    }
}
