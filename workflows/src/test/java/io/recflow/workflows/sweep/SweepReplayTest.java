package io.recflow.workflows.sweep;

import io.recflow.workflows.pipeline.PipelineWorkflowImpl;
import io.recflow.workflows.pipeline.RecordedHistory;
import io.recflow.workflows.pipeline.ScriptedActivities;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays recorded histories of a sweep and of its children on the current workflows, as the pipeline's replay
 * test does (see it for how to record: {@code -Drecflow.record-histories=true} writes only missing histories).
 * A recording drives one sweep and keeps its history and two of its children's.
 */
class SweepReplayTest {

    private static final Path RECORDED = Path.of("src/test/resources/histories");

    /** A recorded history: which recording, whose history (the sweep or one child), and what it must hold. */
    enum Scenario {
        COMPLETED("sweep-v1-completed", Recording.COMPLETED, "sweep", EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
        CHILD_OFFERED("sweep-v1-child-offered", Recording.COMPLETED, "run-2",
                EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
        CHILD_NOT_OFFERED("sweep-v1-child-not-offered", Recording.COMPLETED, "run-1",
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
        CANCELED("sweep-v1-canceled", Recording.CANCELED, "sweep",
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
                EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED),
        CHILD_CANCELED("sweep-v1-child-canceled", Recording.CANCELED, "run-1",
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED),
        CANCELED_WHILE_RECORDING("sweep-v2-canceled-while-recording", Recording.CANCELED_WHILE_RECORDING, "sweep",
                EventType.EVENT_TYPE_MARKER_RECORDED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);

        final String history;
        final Recording recording;
        final String workflow;
        final Set<EventType> proves;

        Scenario(String history, Recording recording, String workflow, EventType first, EventType... more) {
            this.history = history;
            this.recording = recording;
            this.workflow = workflow;
            this.proves = EnumSet.of(first, more);
        }
    }

    /** How a recorded sweep is driven. */
    enum Recording {
        /** Two children, the second the best: the first stops at registration, the second is promoted. */
        COMPLETED {
            @Override
            void drive(TestWorkflowEnvironment env, ScriptedActivities activities, SweepWorkflow sweep) {
                activities.validationScores.putAll(Map.of("m-e1", 0.20, "m-e2", 0.26));
                sweep.run(SweepWorkflowTest.plan(2, 1, 2));
            }
        },
        /** Cancelled while its first child fine-tunes; the second never starts. */
        CANCELED {
            @Override
            void drive(TestWorkflowEnvironment env, ScriptedActivities activities, SweepWorkflow sweep)
                    throws InterruptedException {
                ScriptedActivities.Hold fineTune = activities.fineTuneHold = new ScriptedActivities.Hold();
                SweepWorkflowTest.startThenCancel(sweep, fineTune);
                SweepWorkflowTest.awaitCanceled(sweep);
                fineTune.release();
            }
        },
        /** Cancelled while its first child's row is written: the write finishes, then both rows are closed. */
        CANCELED_WHILE_RECORDING {
            @Override
            void drive(TestWorkflowEnvironment env, ScriptedActivities activities, SweepWorkflow sweep)
                    throws InterruptedException {
                ScriptedActivities.Hold recordChild = activities.recordChildHold = new ScriptedActivities.Hold();
                SweepWorkflowTest.startThenCancel(sweep, recordChild);
                recordChild.release();
                SweepWorkflowTest.awaitCanceled(sweep);
            }
        };

        abstract void drive(TestWorkflowEnvironment env, ScriptedActivities activities, SweepWorkflow sweep)
                throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void historiesOfTheSweepAndItsChildrenReplay(Scenario scenario) throws Exception {
        if (Boolean.getBoolean("recflow.record-histories") && !Files.exists(file(scenario.history))) {
            record(scenario.recording);
        }
        WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(file(scenario.history)));
        Set<EventType> types = history.getEvents().stream().map(HistoryEvent::getEventType).collect(Collectors.toSet());
        assertTrue(types.containsAll(scenario.proves), () -> scenario.history + " lacks " + scenario.proves);
        WorkflowReplayer.replayWorkflowExecution(history,
                scenario.workflow.equals("sweep") ? SweepWorkflowImpl.class : PipelineWorkflowImpl.class);
    }

    /** Drives one sweep and writes the histories of every scenario recorded from it that are missing. */
    private static void record(Recording recording) throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            ScriptedActivities activities = new ScriptedActivities();
            SweepWorkflowTest.register(env, activities);
            env.start();
            recording.drive(env, activities, SweepWorkflowTest.newSweep(env, "sweep"));
            for (Scenario scenario : Scenario.values()) {
                if (scenario.recording == recording && !Files.exists(file(scenario.history))) {
                    String json = env.getWorkflowClient().fetchHistory(scenario.workflow).toJson(true);
                    Files.writeString(file(scenario.history), RecordedHistory.normalized(scenario.history, json));
                }
            }
        }
    }

    private static Path file(String name) {
        return RECORDED.resolve(name + ".json");
    }
}
