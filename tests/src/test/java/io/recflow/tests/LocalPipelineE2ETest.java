package io.recflow.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform as a user runs it in local mode: one process (api + cpu and gpu workers) against the
 * real PostgreSQL, Temporal dev server and MinIO. A pipeline triggered over REST completes; the model's
 * upstream lineage reaches its data set; the champion answers; the run is found through Temporal's
 * visibility API by recflow's search attributes; the pipeline resource links to its Temporal Web UI page,
 * which headless Chromium renders with the run and its history.
 */
@EnabledIfSystemProperty(named = E2e.PROPERTY, matches = "local")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Order(1)
class LocalPipelineE2ETest {

    private static final String MODEL = "e2e-local-" + E2e.RUN;
    private static RecflowProcess recflow;
    private static Temporal temporal;
    private static String pipelineId;

    @BeforeAll
    static void start() {
        recflow = RecflowProcess.start("local-all", "cpu,gpu");
        temporal = new Temporal();
    }

    @AfterAll
    static void stop() {
        if (temporal != null) {
            temporal.close();
        }
        if (recflow != null) {
            recflow.close();
        }
    }

    @Test
    @Order(1)
    void aPipelineCompletesWithLineageServingAndVisibility() {
        RecflowApi api = recflow.api();
        E2e.SmallData data = E2e.smallData("local-data", 11);
        long started = System.nanoTime();
        pipelineId = PipelineRuns.start(api, E2e.spec(MODEL, data.folder()));
        JsonNode run = PipelineRuns.awaitCompleted(api, pipelineId, Duration.ofMinutes(10));
        E2e.report("local: one small pipeline, start to COMPLETED (s)", E2e.seconds(started, System.nanoTime()));
        assertEquals(5, run.get("stages").size(), run::toPrettyString);
        run.get("stages").forEach(stage -> assertEquals("COMPLETED", stage.get("status").asText(), stage::toString));
        int version = run.at("/modelVersion/version").asInt();
        assertTrue(version >= 1, run::toPrettyString);

        // Upstream lineage of the registered model reaches the data set it was trained on.
        int artifactId = api.get("/api/v1/models/" + MODEL + "/versions/" + version).expect(200)
                .body().get("artifactId").asInt();
        JsonNode upstream = api.get("/api/v1/lineage/artifacts/" + artifactId + "?direction=upstream&depth=10")
                .expect(200).body();
        List<String> kinds = new ArrayList<>();
        upstream.get("nodes").forEach(node -> kinds.add(node.at("/attributes/kind").asText()));
        assertTrue(kinds.containsAll(List.of("model", "dataset", "split", "tokenizer", "encoder")), kinds::toString);

        // The champion answers recommendation requests.
        JsonNode answer = api.post("/api/v1/models/" + MODEL + "/recommendations",
                Map.of("history", data.history(3), "k", 5)).expect(200).body();
        assertEquals(5, answer.get("items").size(), answer::toString);
        assertEquals(version, answer.get("version").asInt());

        // The pipeline resource links to the run's page in the Temporal Web UI.
        assertEquals(E2e.TEMPORAL_UI + "/namespaces/" + E2e.NAMESPACE + "/workflows/" + pipelineId,
                run.at("/links/temporalUi").asText(), run.get("links")::toString);

        // Temporal's visibility API finds the run by recflow's custom search attributes.
        String query = "RecflowModel = '" + MODEL + "' AND RecflowStatus = 'COMPLETED'";
        List<WorkflowExecutionInfo> listed = E2e.awaitValue("the run in ListWorkflowExecutions(" + query + ")",
                Duration.ofSeconds(30), () -> {
                    List<WorkflowExecutionInfo> found = temporal.list(query);
                    return found.stream().anyMatch(i -> i.getExecution().getWorkflowId().equals(pipelineId))
                            ? found : null;
                });
        WorkflowExecutionInfo info = listed.stream()
                .filter(i -> i.getExecution().getWorkflowId().equals(pipelineId)).findFirst().orElseThrow();
        assertEquals(pipelineId, Temporal.attribute(info, "RecflowPipeline"));
        assertEquals(data.folder().toUri().toString(), Temporal.attribute(info, "RecflowDataset"));
        assertEquals("COMPLETED", Temporal.attribute(info, "RecflowStatus"));
        assertEquals(io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
                info.getStatus());
        assertTrue(temporal.list("RecflowModel = '" + MODEL + "' AND RecflowStatus = 'RUNNING'").isEmpty());
        E2e.report("local: visibility query", query + " -> " + listed.size() + " run(s), incl. " + pipelineId);
    }

    @Test
    @Order(2)
    void theTemporalWebUiShowsTheRunAndItsHistory() throws Exception {
        assertTrue(pipelineId != null, "needs the run of the first test");
        String url = recflow.api().pipeline(pipelineId).at("/links/temporalUi").asText();
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "the Temporal Web UI serves " + url);
        if (Chromium.binary().isEmpty() && "skip".equals(System.getProperty("recflow.e2e.screenshot"))) {
            E2e.report("ui: screenshot", "skipped (no chromium, recflow.e2e.screenshot=skip)");
            return;
        }
        // The run's history page (the UI needs the run id in a history URL), rendered as a person sees it:
        // the run's id, its status and its event history with recflow's activities.
        String runId = temporal.describe(pipelineId).getWorkflowExecutionInfo().getExecution().getRunId();
        String historyUrl = url + "/" + runId + "/history";
        String dom = Chromium.dom(historyUrl, 20_000);
        assertTrue(dom.contains(pipelineId), "the UI page names the run");
        assertTrue(dom.contains("Completed"), "the UI page shows the run completed");
        assertTrue(dom.contains("Workflow Execution Started") && dom.contains("Workflow Execution Completed"),
                "the UI page shows the event history");
        assertTrue(dom.contains("FineTune") && dom.contains("Ingest"), "the history shows recflow's activities");
        Path png = Chromium.screenshot(historyUrl, E2e.work().resolve("screenshots/temporal-ui-run.png"), 20_000);
        assertTrue(Files.size(png) > 20_000, "a real screenshot, not an empty page: " + Files.size(png) + " bytes");

        // The workflow list filtered by a custom search attribute, as a person filters it in the UI.
        String filtered = E2e.TEMPORAL_UI + "/namespaces/" + E2e.NAMESPACE + "/workflows?query="
                + java.net.URLEncoder.encode("RecflowModel=\"" + MODEL + "\"", java.nio.charset.StandardCharsets.UTF_8);
        String list = Chromium.dom(filtered, 20_000);
        assertTrue(list.contains(pipelineId), "the UI lists the run filtered by RecflowModel");
        Path listPng = Chromium.screenshot(filtered, E2e.work().resolve("screenshots/temporal-ui-filtered.png"), 20_000);
        E2e.report("ui: screenshot of the UI's list filtered by RecflowModel", listPng);
        E2e.report("ui: screenshot of the run's Temporal Web UI page", png);
    }
}
