package io.recflow.workflows.pipeline;

import io.recflow.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replays histories recorded from earlier versions of the workflow: a change that would break runs in
 * flight fails here (guard it with {@code Workflow.getVersion}). To re-record after an intended,
 * versioned change: {@code ./mvnw -pl workflows test -Dtest=PipelineReplayTest -Drecflow.record-histories=true}.
 */
class PipelineReplayTest {

    private static final Path RECORDED = Path.of("src/test/resources/histories");

    @ParameterizedTest
    @ValueSource(strings = {"pipeline-promoted", "pipeline-approved"})
    void recordedHistoriesReplayOnTheCurrentWorkflow(String name) throws Exception {
        if (Boolean.getBoolean("recflow.record-histories")) {
            record(name);
        }
        String json = Files.readString(RECORDED.resolve(name + ".json"));
        WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(json), PipelineWorkflowImpl.class);
    }

    private static void record(String name) throws IOException {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            ScriptedActivities activities = new ScriptedActivities();
            Worker cpu = env.newWorker(TaskQueues.CPU);
            cpu.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
            cpu.registerActivitiesImplementations(activities);
            env.newWorker(TaskQueues.GPU).registerActivitiesImplementations(activities);
            env.start();
            boolean approval = name.equals("pipeline-approved");
            PipelineWorkflow workflow = env.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class,
                    WorkflowOptions.newBuilder().setWorkflowId(name).setTaskQueue(TaskQueues.CPU).build());
            WorkflowClient.start(workflow::run, PipelineWorkflowTest.spec(approval));
            if (approval) {
                while (workflow.progress().status() != PipelineStatus.WAITING_APPROVAL) {
                    Thread.onSpinWait();
                }
                workflow.approve(new Approval("alice", "recorded"));
            }
            WorkflowStub.fromTyped(workflow).getResult(PipelineResult.class);
            Files.writeString(RECORDED.resolve(name + ".json"),
                    env.getWorkflowClient().fetchHistory(name).toJson(true));
        }
    }
}
