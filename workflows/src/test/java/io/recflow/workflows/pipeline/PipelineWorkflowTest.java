package io.recflow.workflows.pipeline;

import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.Failures;
import io.recflow.workflows.TaskQueues;
import io.recflow.workflows.evaluate.EvaluateRequest;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.spec.DataSpec;
import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.workflows.spec.PromotionSpec;
import io.recflow.workflows.spec.TrainingSpec;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineWorkflowTest {

    private TestWorkflowEnvironment env;
    private ScriptedActivities activities;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        activities = new ScriptedActivities();
        Worker cpu = env.newWorker(TaskQueues.CPU);
        cpu.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
        cpu.registerActivitiesImplementations(activities);
        env.newWorker(TaskQueues.GPU).registerActivitiesImplementations(activities);
        env.start();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    /** What the API hands the workflow: a requested spec, completed and validated. */
    static PipelineSpec spec(Boolean requireApproval) {
        return requested(requireApproval).validated();
    }

    static PipelineSpec requested(Boolean requireApproval) {
        return PipelineSpec.builder().model("movies").data(DataSpec.builder().uri("file:///data/ml").build())
                .promotion(PromotionSpec.builder().requireApproval(requireApproval).approvalTimeoutSeconds(3600L).build())
                .seed(7L).build();
    }

    private PipelineWorkflow newWorkflow(String id) {
        return env.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.CPU).build());
    }

    @Test
    void runsTheStagesInOrderAndPromotesWhenThePolicyPasses() {
        PipelineWorkflow workflow = newWorkflow("p-happy");
        PipelineResult result = workflow.run(spec(false));

        assertEquals(List.of("ingest file:///data/ml seed=7", "tokenize d", "fine-tune attempt 1 on recflow-gpu",
                "evaluate m", "register movies {full-ranking/NDCG@10=0.31}", "promote movies:2 to champion by policy"),
                activities.calls);
        assertTrue(result.promotion().promoted());
        assertEquals("movies:2", result.modelVersion().toString());
        assertEquals(List.of(PipelineStatus.RUNNING, PipelineStatus.COMPLETED), activities.statuses);

        PipelineProgress progress = workflow.progress();
        assertEquals(PipelineStatus.COMPLETED, progress.status());
        assertTrue(progress.stages().stream().allMatch(s -> s.status() == StageStatus.COMPLETED), progress.toString());
        assertEquals(2, progress.stages().get(0).artifacts().size());
        assertEquals(0.31, progress.metrics().get("candidate").get("full-ranking/NDCG@10"));
        assertEquals(Map.of("loss", 1.5), progress.stages().get(2).metrics());
        assertEquals(Map.of(), progress.stages().get(3).metrics(), "evaluate's numbers are the run's metrics");
    }

    @Test
    void comparisonAdaptersAreFineTunedFromTheCandidatesBaseAndEvaluatedBesideIt() {
        PipelineSpec spec = requested(false).toBuilder()
                .training(TrainingSpec.builder().compareAdapters(List.of("lora", "full")).build()).build().validated();
        PipelineWorkflow workflow = newWorkflow("p-compare");
        PipelineResult result = workflow.run(spec);

        // the comparisons are scheduled together, after the candidate: they may start in either order
        List<FineTuneRequest> trainings = activities.fineTuneRequests.stream()
                .sorted(java.util.Comparator.comparing(r -> List.of("moe-lora", "lora", "full")
                        .indexOf(r.training().adapter()))).toList();
        assertEquals("moe-lora", activities.fineTuneRequests.get(0).training().adapter(), "the candidate first");
        assertEquals(List.of("moe-lora", "lora", "full"), trainings.stream().map(r -> r.training().adapter()).toList());
        assertEquals(List.of(4, 1, 1), trainings.stream().map(r -> r.training().experts()).toList());
        assertTrue(trainings.stream().allMatch(r -> r.seed() == 7 && r.training().compareAdapters().isEmpty()
                && r.training().rank() == 8), trainings::toString);
        assertNull(trainings.get(0).reuseBaseOf(), "the candidate pre-trains its own base");
        ArtifactRef candidate = ScriptedActivities.ref(ArtifactKind.MODEL, "m");
        assertEquals(candidate, trainings.get(1).reuseBaseOf());
        assertEquals(candidate, trainings.get(2).reuseBaseOf());

        EvaluateRequest evaluation = activities.evaluateRequests.get(0);
        assertEquals(candidate, evaluation.model());
        assertEquals(Map.of("lora", ScriptedActivities.ref(ArtifactKind.MODEL, "m-lora"),
                "full", ScriptedActivities.ref(ArtifactKind.MODEL, "m-full")), evaluation.comparisons());
        assertTrue(activities.calls.contains("register movies {full-ranking/NDCG@10=0.31}"), activities.calls::toString);
        assertTrue(result.promotion().promoted());

        StageProgress fineTune = workflow.progress().stages().get(2);
        assertEquals(List.of("m", "m-lora", "m-full"), fineTune.artifacts().stream().map(ArtifactRef::sha256).toList());
        // In the Temporal UI, the three FineTune activities are told apart by their summaries.
        DataConverter converter = env.getWorkflowClient().getOptions().getDataConverter();
        assertEquals(List.of("candidate moe-lora", "comparison lora", "comparison full"),
                env.getWorkflowClient().fetchHistory("p-compare").getEvents().stream()
                        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()
                                .equals("FineTune"))
                        .map(e -> converter.fromPayload(e.getUserMetadata().getSummary(), String.class, String.class))
                        .toList());
        assertEquals("trained on cpu; compared with lora, full", fineTune.message());
        // what each training measured, the comparisons' under their adapter
        assertEquals(Map.of("loss", 1.5, "lora/loss", 1.5, "full/loss", 1.5), fineTune.metrics());
    }

    @Test
    void aFailingComparisonFailsTheRunAtOnceAndCancelsTheOthers() throws InterruptedException {
        ScriptedActivities.Hold lora = activities.failComparison("full");
        PipelineSpec spec = requested(false).toBuilder()
                .training(TrainingSpec.builder().compareAdapters(List.of("lora", "full")).build()).build().validated();
        PipelineWorkflow workflow = newWorkflow("p-compare-fails");
        WorkflowClient.start(workflow::run, spec);
        assertTrue(lora.awaitEntered());

        awaitClosed("p-compare-fails");  // while "lora" is still held: the run did not wait for it
        lora.release();

        List<EventType> events = env.getWorkflowClient().fetchHistory("p-compare-fails").getEvents().stream()
                .map(HistoryEvent::getEventType).toList();
        assertEquals(1, events.stream().filter(t -> t == EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED).count(),
                "the comparison still training is canceled: " + events);
        PipelineProgress progress = workflow.progress();
        assertEquals(PipelineStatus.FAILED, progress.status());
        assertEquals(StageStatus.FAILED, progress.stages().get(2).status());
        assertTrue(progress.message().contains("comparison full: training.rank 8 exceeds"), progress::message);
        assertFalse(activities.calls.stream().anyMatch(c -> c.startsWith("evaluate")), activities.calls::toString);
    }

    @Test
    void withoutComparisonsTheFineTuneStageRunsOneTrainingAsBefore() {
        PipelineWorkflow workflow = newWorkflow("p-single");
        workflow.run(spec(false));

        assertEquals(1, activities.fineTuneRequests.size());
        assertEquals(Map.of(), activities.evaluateRequests.get(0).comparisons());
        assertEquals("trained on cpu", workflow.progress().stages().get(2).message());
    }

    @Test
    void badInputFailsAtOnceWithoutRetriesAndSaysWhere() {
        activities.badData = true;
        WorkflowFailedException failed = assertThrows(WorkflowFailedException.class,
                () -> newWorkflow("p-bad").run(spec(false)));

        ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failed.getCause());
        assertEquals(Failures.BAD_INPUT, cause.getType());
        assertTrue(cause.getOriginalMessage().contains("line 3, field 'timestamp'"), cause.getOriginalMessage());
        assertEquals(List.of("ingest file:///data/ml seed=7"), activities.calls);
        assertEquals(List.of(PipelineStatus.RUNNING, PipelineStatus.FAILED), activities.statuses);
    }

    @Test
    void aSpecThatWasNotCompletedIsRejectedBeforeAnyStageRuns() {
        PipelineSpec incomplete = requested(false);
        WorkflowFailedException failed = assertThrows(WorkflowFailedException.class,
                () -> newWorkflow("p-incomplete").run(incomplete));

        ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failed.getCause());
        assertEquals(Failures.BAD_INPUT, cause.getType());
        assertTrue(cause.getOriginalMessage().contains("incomplete pipeline spec"), cause.getOriginalMessage());
        assertTrue(activities.calls.isEmpty());
        assertEquals(List.of(PipelineStatus.FAILED), activities.statuses);
    }

    @Test
    void aTransientFineTuneFailureIsRetried() {
        activities.fineTuneTransientFailures = 2;
        PipelineResult result = newWorkflow("p-retry").run(spec(false));

        assertTrue(result.promotion().promoted());
        assertEquals(3, activities.fineTuneAttempts.get());
    }

    @Test
    void waitsForApprovalThenPromotesWithTheApproversName() {
        PipelineWorkflow workflow = newWorkflow("p-approve");
        WorkflowClient.start(workflow::run, spec(true));
        awaitStatus(workflow, PipelineStatus.WAITING_APPROVAL);
        assertFalse(activities.calls.stream().anyMatch(c -> c.startsWith("promote")));

        workflow.approve(new Approval("alice", "looks good"));
        PipelineResult result = WorkflowStub.fromTyped(workflow).getResult(PipelineResult.class);

        assertTrue(result.promotion().promoted());
        assertEquals("alice", result.promotion().decidedBy());
        assertTrue(activities.calls.contains("promote movies:2 to champion by alice"));
    }

    @Test
    void aRejectionKeepsTheChampion() {
        PipelineWorkflow workflow = newWorkflow("p-reject");
        WorkflowClient.start(workflow::run, spec(true));
        awaitStatus(workflow, PipelineStatus.WAITING_APPROVAL);

        workflow.reject(new Approval("bob", "offline metrics are not enough"));
        PipelineResult result = WorkflowStub.fromTyped(workflow).getResult(PipelineResult.class);

        assertFalse(result.promotion().promoted());
        assertEquals("rejected: offline metrics are not enough", result.promotion().reason());
        assertFalse(activities.calls.stream().anyMatch(c -> c.startsWith("promote")));
    }

    @Test
    void anUnansweredApprovalTimesOutWithoutPromotion() {
        PipelineWorkflow workflow = newWorkflow("p-timeout");
        WorkflowClient.start(workflow::run, spec(true));
        awaitStatus(workflow, PipelineStatus.WAITING_APPROVAL);

        env.sleep(Duration.ofHours(2));
        PipelineResult result = WorkflowStub.fromTyped(workflow).getResult(PipelineResult.class);

        assertFalse(result.promotion().promoted());
        assertEquals("timeout", result.promotion().decidedBy());
    }

    @Test
    void aFailingPolicyDoesNotAskForApproval() {
        activities.policyPasses = false;
        PipelineResult result = newWorkflow("p-policy").run(spec(true));

        assertFalse(result.promotion().promoted());
        assertTrue(result.promotion().reason().contains("does not beat"));
        assertFalse(activities.statuses.contains(PipelineStatus.WAITING_APPROVAL));
    }

    /** Starts a run of {@code spec} and cancels it once {@code hold}'s activity runs. */
    static void startThenCancel(PipelineWorkflow workflow, PipelineSpec spec, ScriptedActivities.Hold hold)
            throws InterruptedException {
        WorkflowClient.start(workflow::run, spec);
        assertTrue(hold.awaitEntered());
        WorkflowStub.fromTyped(workflow).cancel();
    }

    @Test
    void aCancelWhileTheRunRecordsItsStartClosesTheRowAfterThatWrite() throws InterruptedException {
        PipelineWorkflow workflow = cancelWhileHeld("p-cancel-at-start",
                activities.recordStartHold = new ScriptedActivities.Hold());

        assertEquals(List.of(PipelineStatus.RUNNING, PipelineStatus.CANCELED), activities.statuses,
                "the start is written, then the cancel over it");
        assertTrue(activities.calls.isEmpty(), () -> "no stage ran: " + activities.calls);
        assertEquals(PipelineStatus.CANCELED, workflow.progress().status());
    }

    @Test
    void cancellationStopsTheRunAndRecordsIt() throws InterruptedException {
        ScriptedActivities.Hold fineTune = activities.fineTuneHold = new ScriptedActivities.Hold();
        PipelineWorkflow workflow = newWorkflow("p-cancel");
        startThenCancel(workflow, spec(false), fineTune);
        awaitClosed("p-cancel");
        fineTune.release();

        assertEquals(PipelineStatus.CANCELED, activities.statuses.get(activities.statuses.size() - 1));
        PipelineProgress progress = workflow.progress();
        assertEquals(StageStatus.CANCELED, progress.stages().get(2).status());
        assertEquals(StageStatus.SKIPPED, progress.stages().get(3).status());
    }

    /** The alias move does not heed a cancel (it does not heartbeat): it finishes, and so does the run. */
    @Test
    void aCancelDuringThePromotionLetsTheAliasMoveFinishAndTheRunComplete() throws InterruptedException {
        PipelineWorkflow workflow = cancelWhileHeld("p-cancel-in-promotion",
                activities.promoteHold = new ScriptedActivities.Hold());

        assertTrue(activities.calls.stream().anyMatch(c -> c.startsWith("promote ")), activities.calls::toString);
        assertEquals(PipelineStatus.COMPLETED, activities.statuses.get(activities.statuses.size() - 1));
        assertEquals(PipelineStatus.COMPLETED, workflow.progress().status());
        assertTrue(activities.messages.get(activities.messages.size() - 1).contains("a cancel arrived after the"
                + " promotion had begun"), activities.messages::toString);
    }

    /** A cancel during the registration: the version lands, the alias does not move, the run ends canceled. */
    @Test
    void aCancelDuringTheRegistrationKeepsTheAliasWhereItIs() throws InterruptedException {
        cancelWhileHeld("p-cancel-in-registration", activities.registerHold = new ScriptedActivities.Hold());

        assertTrue(activities.calls.stream().anyMatch(c -> c.startsWith("register ")), activities.calls::toString);
        assertTrue(activities.calls.stream().noneMatch(c -> c.startsWith("promote ")), activities.calls::toString);
        assertEquals(PipelineStatus.CANCELED, activities.statuses.get(activities.statuses.size() - 1));
    }

    /**
     * Starts a run, cancels it while {@code hold}'s activity runs, lets that activity go once the run has done all
     * it does on the cancel without it (a workflow that does not wait for it would have closed the run first), and
     * waits for the run's end.
     */
    private PipelineWorkflow cancelWhileHeld(String workflowId, ScriptedActivities.Hold hold) throws InterruptedException {
        PipelineWorkflow workflow = newWorkflow(workflowId);
        startThenCancel(workflow, spec(false), hold);
        HistoryWaits.awaitSettledAfterCancel(env.getWorkflowClient(), workflowId);
        hold.release();
        awaitClosed(workflowId);
        return workflow;
    }

    private void awaitStatus(PipelineWorkflow workflow, PipelineStatus status) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (workflow.progress().status() != status) {
            assertTrue(System.currentTimeMillis() < deadline, "status never became " + status);
            sleep();
        }
    }

    private void awaitClosed(String workflowId) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (env.getWorkflowClient().newUntypedWorkflowStub(workflowId).describe().getStatus()
                == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            assertTrue(System.currentTimeMillis() < deadline, "workflow never closed");
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
