package io.recflow.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.ApiResponse;
import io.recflow.cli.client.RecflowApi;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Periodic retraining through Temporal Schedules on the real server, over REST: create, list, a
 * scheduled run completes (and is found by its RecflowPipeline search attribute), pause (no new runs),
 * unpause, delete.
 */
@EnabledIfSystemProperty(named = E2e.PROPERTY, matches = "local")
@Order(3)
class ScheduleE2ETest {

    private static final String ID = "e2e-retrain-" + E2e.RUN;
    private static RecflowProcess recflow;
    private static Temporal temporal;

    @BeforeAll
    static void start() {
        recflow = RecflowProcess.start("schedule-all", "cpu,gpu");
        temporal = new Temporal();
    }

    @AfterAll
    static void stop() {
        if (recflow != null) {
            recflow.api().delete("/api/v1/schedules/" + ID);  // whatever happened, no schedule left behind
            recflow.close();
        }
        if (temporal != null) {
            temporal.close();
        }
    }

    @Test
    void aScheduleRetrainsPeriodicallyAndCanBePausedUnpausedAndDeleted() {
        RecflowApi api = recflow.api();
        E2e.SmallData data = E2e.smallData("schedule-data", 41);
        Map<String, Object> spec = E2e.spec("e2e-sched-" + E2e.RUN, data.folder());

        // Bad requests say what is wrong.
        ApiResponse bad = api.post("/api/v1/schedules", Map.of("id", ID, "spec", spec, "interval", "daily"));
        assertEquals(400, bad.status(), bad.text());
        assertTrue(bad.text().contains("ISO-8601"), bad.text());

        JsonNode created = api.post("/api/v1/schedules", Map.of("id", ID, "spec", spec, "interval", "PT10S",
                "note", "e2e retraining")).expect(201).body();
        assertEquals(ID, created.get("id").asText());
        assertEquals("PT10S", created.at("/intervals/0").asText());
        assertFalse(created.get("paused").asBoolean());
        assertEquals(E2e.TEMPORAL_UI + "/namespaces/default/schedules/" + ID, created.at("/links/temporalUi").asText());
        assertEquals(409, api.post("/api/v1/schedules", Map.of("id", ID, "spec", spec, "interval", "PT10S")).status());
        E2e.await("the schedule in GET /api/v1/schedules", Duration.ofSeconds(30), () -> {
            List<String> ids = new ArrayList<>();
            api.get("/api/v1/schedules").expect(200).body().forEach(s -> ids.add(s.get("id").asText()));
            return ids.contains(ID);
        });

        // The schedule starts a pipeline run; it completes, registered as the scheduled model.
        long created0 = System.nanoTime();
        String runId = E2e.awaitValue("a scheduled run", Duration.ofSeconds(60), () -> {
            JsonNode recent = api.get("/api/v1/schedules/" + ID).expect(200).body().get("recentRuns");
            return recent.isEmpty() ? null : recent.get(0).get("pipelineId").asText();
        });
        E2e.report("schedules: created -> first scheduled run started (s)", E2e.seconds(created0, System.nanoTime()));
        assertTrue(runId.startsWith("pipeline-" + ID), runId);
        JsonNode run = PipelineRuns.awaitCompleted(api, runId, Duration.ofMinutes(10));
        assertEquals("e2e-sched-" + E2e.RUN, run.at("/modelVersion/name").asText(), run::toPrettyString);
        E2e.awaitValue("the scheduled run by RecflowPipeline in the visibility API", Duration.ofSeconds(30), () -> {
            List<WorkflowExecutionInfo> found = temporal.list("RecflowPipeline = '" + ID + "'");
            return found.stream().anyMatch(i -> i.getExecution().getWorkflowId().equals(runId)) ? found : null;
        });

        // Paused: no new runs.
        JsonNode paused = api.post("/api/v1/schedules/" + ID + "/pause", Map.of("note", "maintenance")).expect(200)
                .body();
        assertTrue(paused.get("paused").asBoolean());
        assertEquals("maintenance", paused.get("note").asText());
        long actions = paused.get("runs").asLong() + paused.get("skipped").asLong();
        E2e.sleep(12_000);
        JsonNode still = api.get("/api/v1/schedules/" + ID).expect(200).body();
        assertEquals(actions, still.get("runs").asLong() + still.get("skipped").asLong(),
                "a paused schedule starts nothing: " + still);

        JsonNode unpaused = api.post("/api/v1/schedules/" + ID + "/unpause", null).expect(200).body();
        assertFalse(unpaused.get("paused").asBoolean());

        api.delete("/api/v1/schedules/" + ID).expect(204);
        assertEquals(404, api.get("/api/v1/schedules/" + ID).status());
        assertEquals(404, api.delete("/api/v1/schedules/" + ID).status());
        E2e.report("schedules: runs started by " + ID, actions + " (incl. skipped overlaps)");

        // Runs the schedule started after unpausing are not left behind for later workers.
        for (JsonNode pipeline : api.get("/api/v1/pipelines?status=RUNNING&limit=100").expect(200).body()) {
            String id = pipeline.get("id").asText();
            if (id.startsWith("pipeline-" + ID)) {
                api.post("/api/v1/pipelines/" + RecflowApi.encode(id) + "/cancel", null);
                PipelineRuns.awaitEnd(api, id, Duration.ofMinutes(2));
            }
        }
    }
}
