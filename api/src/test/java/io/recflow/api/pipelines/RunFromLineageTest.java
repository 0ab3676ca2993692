package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.PlatformBuild;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.pipeline.StageStatus;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs whose workflow history Temporal no longer has (here: never had, as after a restart of the in-memory
 * test server) are shown from lineage: every stage's status, attempt, worker, device, times, note and
 * artifacts, the version the run registered and its metrics, and a note that the history is gone.
 */
@QuarkusTest
class RunFromLineageTest {

    @Inject
    RunRecords runs;
    @Inject
    StepRecords steps;
    @Inject
    ArtifactRecords artifacts;
    @Inject
    ModelRegistry registry;

    @Test
    void aCompletedRunShowsItsStagesArtifactsAndVersionFromLineage() {
        String id = "pipeline-history-gone-" + UUID.randomUUID();
        String model = "lineage-only-" + UUID.randomUUID().toString().substring(0, 8);
        runs.createRun(new NewRun(id, model, "{}", 7L, null, "someone", null));
        String lastArtifact = null;
        for (Stage stage : Stage.values()) {
            int attempts = stage == Stage.FINE_TUNE ? 2 : 1;  // fine-tune was retried once
            for (int attempt = 1; attempt <= attempts; attempt++) {
                long step = steps.startStep(id, stage.id(), attempt, "worker-" + attempt, "cpu");
                if (attempt == attempts) {
                    lastArtifact = "s3://recflow/test/" + id + "/" + stage.id();
                    long artifact = artifacts.recordArtifact(new ArtifactRef(lastArtifact, "a".repeat(64), 10, "report"));
                    steps.recordGenerated(step, artifact);
                    steps.finishStep(step, StageStatus.COMPLETED, stage.id() + " done");
                    if (stage == Stage.PROMOTE) {
                        registry.registerVersion(model, artifact, id, Map.of("ndcg@10", 0.25, "hr@10", 0.5));
                    }
                }
            }
        }
        // A comparison trained beside the candidate: its own step, its model listed after the candidate's.
        long comparison = steps.startStep(id, Stage.FINE_TUNE.id(), "comparison lora", 1, "worker-3", "cpu");
        steps.recordGenerated(comparison, artifacts.recordArtifact(new ArtifactRef(
                "s3://recflow/test/" + id + "/fine-tune-lora", "b".repeat(64), 10, "model")));
        steps.finishStep(comparison, StageStatus.COMPLETED, "comparison done");
        runs.updateRunStatus(id, PipelineStatus.COMPLETED, "promoted");

        JsonPath run = given().get("/api/v1/pipelines/" + id).then().statusCode(200).extract().jsonPath();
        assertFalse(run.getBoolean("temporalHistory"));
        assertTrue(run.getString("historyNote").contains("no longer has this run's history"), run.getString("historyNote"));
        assertEquals("COMPLETED", run.getString("status"));
        assertEquals(List.of("ingest", "tokenize", "fine-tune", "evaluate", "promote"), run.getList("stages.stage"));
        assertEquals(List.of("COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"), run.getList("stages.status"));
        assertEquals(List.of(1, 1, 2, 1, 1), run.getList("stages.attempt"));
        assertEquals("worker-2", run.getString("stages[2].worker"));
        assertEquals("cpu", run.getString("stages[2].device"));
        assertEquals(PlatformBuild.current().describe(), run.getString("stages[2].codeVersion"));
        assertEquals("fine-tune done", run.getString("stages[2].message"));
        assertEquals(List.of("s3://recflow/test/" + id + "/fine-tune", "s3://recflow/test/" + id + "/fine-tune-lora"),
                run.getList("stages[2].artifacts.uri"));
        assertTrue(run.getLong("stages[0].durationMs") >= 0);
        assertEquals(model, run.getString("modelVersion.name"));
        assertEquals(1, run.getInt("modelVersion.version"));
        assertEquals(0.25, run.getDouble("metrics.candidate.'ndcg@10'"), 1e-12);
        assertNull(run.get("links.temporalUi"));
        assertNull(run.get("links.history"));

        // The console links each listed artifact to its lineage by looking its id up from its URI.
        String listed = run.getString("stages[2].artifacts[1].uri");
        given().queryParam("uri", listed).get("/api/v1/lineage/artifacts").then().statusCode(200)
                .body("id", equalTo(artifacts.artifactByUri(listed).orElseThrow().getId().intValue()))
                .body("kind", equalTo("model")).body("sha256", equalTo("b".repeat(64)));
        given().queryParam("uri", listed + "-nothing").get("/api/v1/lineage/artifacts").then().statusCode(404)
                .body("detail", equalTo("lineage has no artifact at " + listed + "-nothing"));
        given().get("/api/v1/lineage/artifacts").then().statusCode(400);
    }

    @Test
    void aStageLeftRunningByARunThatEndedFailedAndTheStagesAfterItWereSkipped() {
        String id = "pipeline-cut-short-" + UUID.randomUUID();
        runs.createRun(new NewRun(id, "m", "{}", 7L, null, "someone", null));
        steps.finishStep(steps.startStep(id, Stage.INGEST.id(), 1, "w", "cpu"), StageStatus.COMPLETED, null);
        steps.startStep(id, Stage.TOKENIZE.id(), 1, "w", "cpu");  // its worker died mid-attempt
        runs.updateRunStatus(id, PipelineStatus.FAILED, "lost");

        JsonPath run = given().get("/api/v1/pipelines/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("COMPLETED", "FAILED", "SKIPPED", "SKIPPED", "SKIPPED"), run.getList("stages.status"));
        assertTrue(run.getString("stages[1].message").contains("while this attempt was running"));
        assertEquals(0, run.getInt("stages[2].attempt"));
        assertNull(run.get("modelVersion"));
    }
}
