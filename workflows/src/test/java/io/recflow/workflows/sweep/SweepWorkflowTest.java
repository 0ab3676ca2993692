package io.recflow.workflows.sweep;

import io.recflow.workflows.TaskQueues;
import io.recflow.workflows.pipeline.HistoryWaits;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.pipeline.PipelineWorkflowImpl;
import io.recflow.workflows.pipeline.ScriptedActivities;
import io.recflow.workflows.spec.DataSpec;
import io.recflow.workflows.spec.EvaluationSpec;
import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.workflows.spec.TrainingSpec;
import io.recflow.workflows.pipeline.PipelineResult;
import io.recflow.workflows.pipeline.PipelineWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepWorkflowTest {

    static final String NDCG = "full-ranking/NDCG@10";

    private TestWorkflowEnvironment env;
    private ScriptedActivities activities;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        activities = new ScriptedActivities();
        register(env, activities);
        env.newWorker(VANISHING_SWEEPS).registerWorkflowImplementationTypes(VanishingSweepImpl.class);
        env.start();
    }

    static void register(TestWorkflowEnvironment env, ScriptedActivities activities) {
        Worker cpu = env.newWorker(TaskQueues.CPU);
        cpu.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class, SweepWorkflowImpl.class);
        cpu.registerActivitiesImplementations(activities);
        env.newWorker(TaskQueues.GPU).registerActivitiesImplementations(activities);
    }

    @AfterEach
    void stop() {
        env.close();
    }

    /** A sweep over {@code training.experts}, its children asking for the validation row, as the API builds it. */
    static SweepPlan plan(int maxParallel, int... experts) {
        List<SweepChild> children = new ArrayList<>();
        for (int i = 0; i < experts.length; i++) {
            PipelineSpec spec = PipelineSpec.builder().model("movies")
                    .data(DataSpec.builder().uri("file:///data/ml").build())
                    .training(TrainingSpec.builder().experts(experts[i]).build())
                    .evaluation(EvaluationSpec.builder().validation(true).build())
                    .seed(7L).build().validated();
            children.add(new SweepChild("run-" + (i + 1), Map.of("training.experts", experts[i]), spec));
        }
        return new SweepPlan(children, maxParallel, NDCG);
    }

    static SweepWorkflow newSweep(TestWorkflowEnvironment env, String id) {
        return env.getWorkflowClient().newWorkflowStub(SweepWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.CPU).build());
    }

    @Test
    void offersTheBestChildByValidationToItsGateAndStopsTheOthersAtRegistration() {
        activities.validationScores.putAll(Map.of("m-e1", 0.20, "m-e2", 0.26, "m-e8", 0.22));
        SweepProgress result = newSweep(env, "sweep-best").run(plan(2, 1, 2, 8));

        assertEquals(PipelineStatus.COMPLETED, result.status());
        assertEquals("run-2", result.best());
        assertEquals(List.of("run-1", "run-2", "run-3"), activities.sweepChildren);
        assertEquals(3, activities.calls.stream().filter(c -> c.startsWith("register movies")).count());
        assertEquals(List.of("promote movies:2 to champion by policy"),
                activities.calls.stream().filter(c -> c.startsWith("promote")).toList(), "only the best one's gate");
        SweepChildProgress best = result.children().get(1);
        assertEquals(SweepChildStatus.COMPLETED, best.status());
        assertEquals(Boolean.TRUE, best.offered());
        assertTrue(best.message().startsWith("promoted: "), best.message());
        for (SweepChildProgress other : List.of(result.children().get(0), result.children().get(2))) {
            assertEquals(Boolean.FALSE, other.offered());
            assertTrue(other.message().contains("the sweep offered run-2 (validation " + NDCG + " 0.26)"),
                    other.message());
        }
        assertEquals(0.20, result.children().get(0).validation().get(NDCG));
        assertEquals(0.31, result.children().get(0).test().get(NDCG));
        assertEquals(Map.of("training.experts", 8), result.children().get(2).overrides());
        assertTrue(result.message().startsWith("3 of 3 children completed; best: run-2"), result.message());
        assertEquals(result, env.getWorkflowClient().newWorkflowStub(SweepWorkflow.class, "sweep-best").progress(),
                "the query answers after the end too");
    }

    @Test
    void childrenSharingIngestAndTokenizeWaitForTheFirstToComputeThem() {
        newSweep(env, "sweep-upstream").run(plan(3, 1, 2, 8));

        List<String> calls = activities.calls;
        int firstTokenize = calls.indexOf("tokenize d");
        int secondIngest = nth(calls, "ingest", 2);
        assertTrue(firstTokenize >= 0 && firstTokenize < secondIngest, calls::toString);
    }

    @Test
    void atMostMaxParallelChildrenRunAtOnce() {
        newSweep(env, "sweep-one-at-a-time").run(plan(1, 1, 2, 8));

        List<String> calls = activities.calls;
        for (int child = 2; child <= 3; child++) {
            assertTrue(nth(calls, "evaluate", child - 1) < nth(calls, "ingest", child),
                    "child " + child + " started before the one before it was evaluated: " + calls);
        }
    }

    @Test
    void cancellingTheSweepCancelsItsChildrenAndNeverStartsThePendingOnes() throws Exception {
        ScriptedActivities.Hold fineTune = activities.fineTuneHold = new ScriptedActivities.Hold();
        SweepWorkflow sweep = newSweep(env, "sweep-canceled");
        startThenCancel(sweep, fineTune);
        awaitCanceled(sweep);
        fineTune.release();

        SweepProgress progress = sweep.progress();
        assertEquals(PipelineStatus.CANCELED, progress.status());
        assertEquals(List.of(SweepChildStatus.CANCELED, SweepChildStatus.CANCELED),
                progress.children().stream().map(SweepChildProgress::status).toList());
        assertEquals(List.of("run-1"), activities.sweepChildren, "the pending child never started");
        assertEquals(Map.of("run-1", SweepChildStatus.CANCELED, "run-2", SweepChildStatus.CANCELED),
                activities.closedChildren, "rows still open are closed as the sweep saw them end");
        assertEquals(PipelineStatus.CANCELED, activities.statuses.get(activities.statuses.size() - 1));
    }

    @Test
    void aCancelWhileAChildsRowIsWrittenStillClosesThatRow() throws Exception {
        ScriptedActivities.Hold recordChild = activities.recordChildHold = new ScriptedActivities.Hold();
        SweepWorkflow sweep = newSweep(env, "sweep-canceled-while-recording");
        startThenCancel(sweep, recordChild);
        // A workflow that does not wait for the write would have closed the rows before it by then.
        HistoryWaits.awaitSettledAfterCancel(env.getWorkflowClient(), "sweep-canceled-while-recording");
        recordChild.release();
        awaitCanceled(sweep);
        assertEquals(List.of("record run-1", "close run-1", "close run-2"), activities.sweepRowWrites,
                "the row written as the cancel came is closed after it exists");
        assertEquals(List.of(SweepChildStatus.CANCELED, SweepChildStatus.CANCELED),
                sweep.progress().children().stream().map(SweepChildProgress::status).toList());
        assertTrue(activities.calls.stream().noneMatch(call -> call.startsWith("ingest")),
                () -> "the child never ran: " + activities.calls);
        assertEquals(List.of(PipelineStatus.RUNNING, PipelineStatus.CANCELED), activities.statuses,
                "the sweep's own row is closed too");
    }

    /** Starts a sweep of two children, one at a time, and cancels it once {@code hold}'s activity runs. */
    static void startThenCancel(SweepWorkflow sweep, ScriptedActivities.Hold hold) throws InterruptedException {
        WorkflowClient.start(sweep::run, plan(1, 1, 2));
        assertTrue(hold.awaitEntered());
        WorkflowStub.fromTyped(sweep).cancel();
    }

    /** Waits for a cancelled sweep to close, as cancelled. */
    static void awaitCanceled(SweepWorkflow sweep) {
        WorkflowFailedException closed = assertThrows(WorkflowFailedException.class,
                () -> WorkflowStub.fromTyped(sweep).getResult(SweepProgress.class));
        assertTrue(closed.getCause() instanceof CanceledFailure, () -> "closed otherwise: " + closed);
    }

    @Test
    void aSweepWhoseChildrenAllFailFailsAndSaysWhy() {
        activities.badData = true;
        SweepWorkflow sweep = newSweep(env, "sweep-failed");
        assertThrows(WorkflowFailedException.class, () -> sweep.run(plan(2, 1, 2)));

        SweepProgress progress = sweep.progress();
        assertEquals(PipelineStatus.FAILED, progress.status());
        assertEquals("no child completed (2 failed, 0 canceled, of 2)", progress.message());
        for (SweepChildProgress child : progress.children()) {
            assertEquals(SweepChildStatus.FAILED, child.status());
            assertTrue(child.message().contains("field 'timestamp': not a number"), child.message());
        }
    }

    @Test
    void aRunWhoseSweepEndedWithoutCancellingItFinishesUnoffered() throws Exception {
        ScriptedActivities.Hold fineTune = activities.fineTuneHold = new ScriptedActivities.Hold();
        VanishingSweep sweep = env.getWorkflowClient().newWorkflowStub(VanishingSweep.class,
                WorkflowOptions.newBuilder().setWorkflowId("sweep-vanished").setTaskQueue(VANISHING_SWEEPS).build());
        WorkflowClient.start(sweep::start, plan(1, 2).children().get(0).spec());
        assertTrue(fineTune.awaitEntered());
        sweep.end();
        WorkflowStub.fromTyped(sweep).getResult(Void.class);
        fineTune.release();

        // Before: its report to the ended sweep failed every workflow task of the run, which stayed open for good.
        PipelineResult result = env.getWorkflowClient().newUntypedWorkflowStub("orphan")
                .getResult(10, TimeUnit.SECONDS, PipelineResult.class);
        assertFalse(result.promotion().promoted());
        assertEquals("its sweep ended before it could offer a run to promotion", result.promotion().reason());
        assertTrue(activities.calls.stream().anyMatch(call -> call.startsWith("register")), activities.calls::toString);
        assertTrue(activities.calls.stream().noneMatch(call -> call.startsWith("promote")), activities.calls::toString);
    }

    static final String VANISHING_SWEEPS = "vanishing-sweeps";

    /** A parent that starts one run and ends when told, leaving the run going (as a terminated sweep can). */
    @WorkflowInterface
    public interface VanishingSweep {
        @WorkflowMethod
        void start(PipelineSpec spec);

        @SignalMethod
        void end();
    }

    public static class VanishingSweepImpl implements VanishingSweep {
        private boolean ended;

        @Override
        public void start(PipelineSpec spec) {
            PipelineWorkflow run = Workflow.newChildWorkflowStub(PipelineWorkflow.class, ChildWorkflowOptions.newBuilder()
                    .setWorkflowId("orphan").setTaskQueue(TaskQueues.CPU)
                    .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON).build());
            Async.function(run::run, spec);
            Workflow.getWorkflowExecution(run).get();
            Workflow.await(() -> ended);
        }

        @Override
        public void end() {
            ended = true;
        }
    }

    /** The index of the {@code n}-th (1-based) call starting with {@code prefix}. */
    private static int nth(List<String> calls, String prefix, int n) {
        int seen = 0;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(prefix) && ++seen == n) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }
}
