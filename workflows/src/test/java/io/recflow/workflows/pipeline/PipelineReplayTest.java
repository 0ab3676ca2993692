package io.recflow.workflows.pipeline;

import io.recflow.workflows.TaskQueues;
import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.workflows.spec.PromotionSpec;
import io.recflow.workflows.spec.TrainingSpec;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays recorded histories on the current workflow: a change of the workflow's commands that would
 * break runs in flight fails here — guard it with {@code Workflow.getVersion} (see {@link WorkflowVersions}).
 * Checked by breaking the workflow on purpose (2026-12): calling {@code recordStatus(RUNNING)} after ingest
 * instead of before fails all 11 histories; taking the new spec path without its {@code getVersion} call
 * fails the two legacy histories (their runs validate the spec inside the workflow; the v1 ones still
 * replay, as the SDK skips a version marker no code asks for); writing the
 * canceled status without the detached scope fails {@code pipeline-v1-canceled} alone; failing fast on
 * a comparison's failure in runs of parallel-comparisons version 1 fails {@code pipeline-v2-comparison-failed}
 * alone — each with the SDK's {@code NonDeterministicException}.
 *
 * <p>{@link #LEGACY} histories were recorded before {@code spec-completed-by-submitter} (incomplete specs,
 * no version marker) and are replayed only. Every {@link Scenario} is recorded by the current workflow
 * with {@code ./mvnw -pl workflows test -Dtest=PipelineReplayTest -Drecflow.record-histories=true};
 * the recorder writes only histories that do not exist yet, so an old history is never re-recorded
 * (add a scenario with a new name instead), and it normalizes what differs between two recordings of
 * the same run (see {@link RecordedHistory}). Each scenario also names the events that make its history
 * what it claims to be, checked at every replay.
 */
class PipelineReplayTest {

    private static final Path RECORDED = Path.of("src/test/resources/histories");

    /** Recorded before the API completed specs: never re-recorded, never edited. */
    static final List<String> LEGACY = List.of("pipeline-promoted", "pipeline-approved");

    /** A run of the current workflow, how to drive it, and the events its history must hold. */
    enum Scenario {
        PROMOTED("pipeline-v1-promoted", PipelineWorkflowTest.spec(false), Drive::toTheEnd,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
        APPROVED("pipeline-v1-approved", PipelineWorkflowTest.spec(true),
                run -> run.decide(w -> w.approve(new Approval("alice", "recorded"))),
                EventType.EVENT_TYPE_TIMER_STARTED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
        REJECTED("pipeline-v1-rejected", PipelineWorkflowTest.spec(true),
                run -> run.decide(w -> w.reject(new Approval("bob", "offline metrics are not enough"))),
                EventType.EVENT_TYPE_TIMER_STARTED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
        /** The timer fires in skipped time: recording takes no minute. */
        APPROVAL_TIMEOUT("pipeline-v1-approval-timeout", approvalWithin(60), Drive::toTheEnd,
                EventType.EVENT_TYPE_TIMER_FIRED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
        /** Recorded before the comparisons trained side by side: one after another, no parallel-comparisons marker. */
        COMPARISON_ADAPTERS("pipeline-v1-comparison-adapters", comparing("lora", "full"), Drive::toTheEnd,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
        COMPARISON_ADAPTERS_SIDE_BY_SIDE("pipeline-v2-comparison-adapters", comparing("lora", "full"),
                Drive::toTheEnd, EventType.EVENT_TYPE_MARKER_RECORDED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
        /**
         * Recorded while the run waited for its comparisons in list order: one fails while the one before it
         * still trains, and the run fails only once that one has finished.
         */
        COMPARISON_FAILED_IN_TURN("pipeline-v2-comparison-failed", comparing("lora", "full"),
                Drive::failComparisonWhileAnotherTrains, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
                EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED),
        /** The same since parallel-comparisons version 2: the failure cancels "lora" and fails the run at once. */
        COMPARISON_FAILED_FAST("pipeline-v5-comparison-failed-fast", comparing("lora", "full"),
                Drive::failComparisonWhileAnotherIsHeld, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
                EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED),
        /** The run records its start with its spec (a scheduled run has no row before): the records-its-start marker. */
        RECORDS_ITS_START("pipeline-v3-records-its-start", PipelineWorkflowTest.spec(false), Drive::toTheEnd,
                EventType.EVENT_TYPE_MARKER_RECORDED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
        FAILED_BAD_INPUT("pipeline-v1-failed-bad-input", PipelineWorkflowTest.spec(false),
                run -> run.script(a -> a.badData = true).toTheEnd(),
                EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED),
        /** Fine-tune fails twice, its third attempt succeeds: one activity, attempt 3, with its last failure. */
        RETRIED("pipeline-v1-retried", PipelineWorkflowTest.spec(false),
                run -> run.script(a -> a.fineTuneTransientFailures = 2).toTheEnd(),
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
        /** Fine-tune fails on all of its 5 attempts (StagePolicies.fineTune). */
        FAILED_RETRIES_EXHAUSTED("pipeline-v1-failed-retries-exhausted", PipelineWorkflowTest.spec(false),
                run -> run.script(a -> a.fineTuneTransientFailures = 5).toTheEnd(),
                EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED),
        /** Canceled while fine-tune runs: the activity's cancellation, then the detached status write. */
        CANCELED("pipeline-v1-canceled", PipelineWorkflowTest.spec(false), Drive::cancelDuringFineTune,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
                EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED),
        /** Canceled while the run records its start (writes-outlive-cancel): that write ends, then CANCELED is written. */
        CANCELED_WHILE_RECORDING("pipeline-v4-canceled-while-recording", PipelineWorkflowTest.spec(false),
                Drive::cancelDuringRecordStart, EventType.EVENT_TYPE_MARKER_RECORDED,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED),
        /**
         * Canceled while the champion alias moves (promotion-outlives-cancel): the move ends, COMPLETED is written,
         * then Temporal closes the run as canceled.
         */
        CANCELED_WHILE_PROMOTING("pipeline-v6-canceled-while-promoting", PipelineWorkflowTest.spec(false),
                Drive::cancelDuringPromotion, EventType.EVENT_TYPE_MARKER_RECORDED,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);

        final String history;
        final PipelineSpec spec;
        final Driver driver;
        final Set<EventType> proves;

        Scenario(String history, PipelineSpec spec, Driver driver, EventType first, EventType... more) {
            this.history = history;
            this.spec = spec;
            this.driver = driver;
            this.proves = EnumSet.of(first, more);
        }
    }

    @FunctionalInterface
    interface Driver {
        /** Drives the started run until it is closed. */
        void drive(Drive run) throws Exception;
    }

    @ParameterizedTest
    @MethodSource("legacy")
    void historiesRecordedBeforeSpecsWereCompletedBySubmittersReplay(String name) throws Exception {
        WorkflowExecutionHistory history = read(name);
        assertTrue(changeIds(history).isEmpty(), "recorded before any getVersion");
        WorkflowReplayer.replayWorkflowExecution(history, PipelineWorkflowImpl.class);
    }

    /**
     * A sweep's run whose sweep had closed before the run reported its evaluation, recorded (2026-12) by the
     * workflow before {@code outlives-its-sweep}: the signal failed and so did the run. No scenario drives this
     * path any more; the marker keeps it replaying as it ran (the failure is rethrown where no marker was written).
     */
    @Test
    void aRunThatFailedOnItsClosedSweepReplays() throws Exception {
        WorkflowExecutionHistory history = read("pipeline-v6-its-sweep-closed-before-its-report");
        Set<EventType> types = history.getEvents().stream().map(HistoryEvent::getEventType)
                .collect(Collectors.toSet());
        assertTrue(types.containsAll(Set.of(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED)), types::toString);
        assertFalse(changeIds(history).contains(WorkflowVersions.OUTLIVES_ITS_SWEEP));
        WorkflowReplayer.replayWorkflowExecution(history, PipelineWorkflowImpl.class);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void historiesOfTheCurrentWorkflowReplay(Scenario scenario) throws Exception {
        if (Boolean.getBoolean("recflow.record-histories") && !Files.exists(file(scenario.history))) {
            record(scenario);
        }
        WorkflowExecutionHistory history = read(scenario.history);
        Set<EventType> types = history.getEvents().stream().map(HistoryEvent::getEventType)
                .collect(Collectors.toSet());
        assertTrue(types.containsAll(scenario.proves), () -> scenario.history + " lacks " + scenario.proves);
        assertTrue(changeIds(history).contains(WorkflowVersions.SPEC_COMPLETED_BY_SUBMITTER),
                () -> scenario.history + " has no " + WorkflowVersions.SPEC_COMPLETED_BY_SUBMITTER + " marker");
        WorkflowReplayer.replayWorkflowExecution(history, PipelineWorkflowImpl.class);
    }

    static List<String> legacy() {
        return LEGACY;
    }

    private static WorkflowExecutionHistory read(String name) throws Exception {
        return WorkflowExecutionHistory.fromJson(Files.readString(file(name)));
    }

    private static Path file(String name) {
        return RECORDED.resolve(name + ".json");
    }

    /** The change ids of the history's {@code Workflow.getVersion} markers. */
    private static Set<String> changeIds(WorkflowExecutionHistory history) {
        return history.getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
                .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().get("changeId"))
                .filter(Objects::nonNull)
                .map(p -> p.getPayloads(0).getData().toStringUtf8().replace("\"", ""))
                .collect(Collectors.toSet());
    }

    private static void record(Scenario scenario) throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            ScriptedActivities activities = new ScriptedActivities();
            Worker cpu = env.newWorker(TaskQueues.CPU);
            cpu.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
            cpu.registerActivitiesImplementations(activities);
            env.newWorker(TaskQueues.GPU).registerActivitiesImplementations(activities);
            env.start();
            PipelineWorkflow workflow = env.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class,
                    WorkflowOptions.newBuilder().setWorkflowId(scenario.history).setTaskQueue(TaskQueues.CPU).build());
            scenario.driver.drive(new Drive(env, activities, workflow, scenario.spec));
            WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(scenario.history);
            Files.writeString(file(scenario.history), RecordedHistory.normalized(scenario.history, history.toJson(true)));
        }
    }

    private static PipelineSpec approvalWithin(long seconds) {
        return PipelineWorkflowTest.requested(true).toBuilder()
                .promotion(PromotionSpec.builder().requireApproval(true).approvalTimeoutSeconds(seconds).build())
                .build().validated();
    }

    private static PipelineSpec comparing(String... adapters) {
        return PipelineWorkflowTest.requested(false).toBuilder()
                .training(TrainingSpec.builder().compareAdapters(List.of(adapters)).build()).build().validated();
    }

    /** One run being recorded; every way of driving it returns once the run is closed. */
    record Drive(TestWorkflowEnvironment env, ScriptedActivities activities, PipelineWorkflow workflow,
                 PipelineSpec spec) {

        Drive script(Consumer<ScriptedActivities> script) {
            script.accept(activities);
            return this;
        }

        void toTheEnd() {
            WorkflowClient.start(workflow::run, spec);
            awaitClosed();
        }

        /** Signals once the run waits for approval and nothing else is in flight, so the order is fixed. */
        void decide(Consumer<PipelineWorkflow> decision) throws InterruptedException {
            WorkflowClient.start(workflow::run, spec);
            HistoryWaits.awaitEvent(env.getWorkflowClient(),
                    WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId(), EventType.EVENT_TYPE_TIMER_STARTED);
            decision.accept(workflow);
            awaitClosed();
        }

        /** Comparison "full" fails at once while "lora" is held; "lora" is let go once the failure is recorded. */
        void failComparisonWhileAnotherTrains() throws InterruptedException {
            ScriptedActivities.Hold lora = activities.failComparison("full");
            WorkflowClient.start(workflow::run, spec);
            String id = WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId();
            HistoryWaits.awaitEvent(env.getWorkflowClient(), id, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED);
            lora.release();
            awaitClosed();
        }

        /** Comparison "full" fails at once while "lora" is held until the run has closed. */
        void failComparisonWhileAnotherIsHeld() {
            ScriptedActivities.Hold lora = activities.failComparison("full");
            WorkflowClient.start(workflow::run, spec);
            awaitClosed();
            lora.release();
        }

        void cancelDuringFineTune() throws InterruptedException {
            ScriptedActivities.Hold fineTune = activities.fineTuneHold = new ScriptedActivities.Hold();
            PipelineWorkflowTest.startThenCancel(workflow, spec, fineTune);
            awaitClosed();
            fineTune.release();
        }

        void cancelDuringRecordStart() throws InterruptedException {
            ScriptedActivities.Hold recordStart = activities.recordStartHold = new ScriptedActivities.Hold();
            PipelineWorkflowTest.startThenCancel(workflow, spec, recordStart);
            recordStart.release();
            awaitClosed();
        }

        void cancelDuringPromotion() throws InterruptedException {
            ScriptedActivities.Hold promotion = activities.promoteHold = new ScriptedActivities.Hold();
            PipelineWorkflowTest.startThenCancel(workflow, spec, promotion);
            promotion.release();
            awaitClosed();
        }

        private void awaitClosed() {
            try {
                WorkflowStub.fromTyped(workflow).getResult(PipelineResult.class);
            } catch (WorkflowFailedException expected) {
                // failed and canceled runs are recorded as they closed
            }
        }
    }
}
