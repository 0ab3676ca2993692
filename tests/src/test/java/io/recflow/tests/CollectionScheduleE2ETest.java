package io.recflow.tests;

import io.recflow.cli.client.RecflowApi;
import io.recflow.workflows.collect.CollectionWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optional periodic garbage collection on the real Temporal server: a process started with
 * {@code recflow.gc.schedule.every} creates the schedule, a collection it starts deletes a finished run's
 * checkpoints (never its registered model's artifacts) and says so in lineage, and a process started without the
 * setting removes the schedule. Last of the lane: the collection deletes what earlier classes left unneeded.
 */
@EnabledIfSystemProperty(named = E2e.PROPERTY, matches = "local")
@Order(Integer.MAX_VALUE)
class CollectionScheduleE2ETest {

    private static WorkflowServiceStubs stubs;
    private static ScheduleClient schedules;
    private static RecflowProcess recflow;

    @BeforeAll
    static void connect() {
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(E2e.TEMPORAL_TARGET).build());
        schedules = ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder()
                .setNamespace(E2e.NAMESPACE).build());
    }

    @AfterAll
    static void stop() {
        if (recflow != null) {
            recflow.close();
        }
        try {
            schedules.getHandle(CollectionWorkflow.SCHEDULE_ID).delete();  // never left behind, whatever happened
        } catch (RuntimeException e) {
            // gone already, as the test expects
        }
        stubs.shutdownNow();
    }

    @Test
    void aConfiguredScheduleCollectsAndLeavesWithTheSetting() {
        // Daily: its own time (midnight UTC) does not come during the test; the test triggers it.
        recflow = RecflowProcess.start("gc-schedule", "cpu,gpu",
                Map.of("recflow.gc.schedule.every", "1d", "recflow.gc.schedule.older-than", "0s"));
        ScheduleHandle handle = schedules.getHandle(CollectionWorkflow.SCHEDULE_ID);
        ScheduleDescription description = handle.describe();
        assertEquals(Duration.ofDays(1), description.getSchedule().getSpec().getIntervals().get(0).getEvery());
        assertEquals("CollectionWorkflow",
                ((ScheduleActionStartWorkflow) description.getSchedule().getAction()).getWorkflowType());

        RecflowApi api = recflow.api();
        Map<String, Object> spec = E2e.spec("e2e-gc-" + E2e.RUN, E2e.smallData("gc-data", 53).folder(), 1, 1, 5);
        String id = PipelineRuns.start(api, spec);
        PipelineRuns.awaitCompleted(api, id, Duration.ofMinutes(5));
        List<Lineage.Artifact> artifacts = Lineage.artifactsOfRun(id);
        List<Lineage.Artifact> checkpoints = artifacts.stream().filter(a -> a.kind().equals("checkpoint")).toList();
        assertFalse(checkpoints.isEmpty(), "the run wrote checkpoints: " + artifacts);
        checkpoints.forEach(a -> assertEquals(null, deletedBy(a), a.uri()));

        long collectionsBefore = description.getInfo().getNumActions();
        handle.trigger();
        E2e.await("the scheduled collection", Duration.ofMinutes(2),
                () -> checkpoints.stream().allMatch(a -> deletedBy(a) != null));
        checkpoints.forEach(a -> assertTrue(deletedBy(a).startsWith("gc by schedule " + CollectionWorkflow.SCHEDULE_ID),
                deletedBy(a)));
        List<String> named = new java.util.ArrayList<>();  // data set, split, encoder, tokenizer, model, report
        api.pipeline(id).get("stages").forEach(stage -> stage.path("artifacts").forEach(a -> named.add(a.get("uri").asText())));
        assertTrue(named.size() >= 5, named.toString());
        artifacts.stream().filter(a -> named.contains(a.uri()))
                .forEach(a -> assertEquals(null, deletedBy(a), a.uri() + " is what the registered model needs"));
        assertTrue(handle.describe().getInfo().getNumActions() > collectionsBefore);

        recflow.close();
        recflow = RecflowProcess.start("gc-schedule-off", "none");
        assertThrows(RuntimeException.class, handle::describe, "the setting is gone, and so is the schedule");
    }

    private static String deletedBy(Lineage.Artifact artifact) {
        return Lineage.query("select deleted_by from artifact where id = ?", rs -> rs.getString(1), artifact.id()).get(0);
    }
}
