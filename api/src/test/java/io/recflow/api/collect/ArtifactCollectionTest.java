package io.recflow.api.collect;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.api.access.TestTokens;
import io.recflow.api.pipelines.PipelineClient;
import io.recflow.cli.client.RecflowApi;
import io.recflow.workflows.ArtifactKind;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.recflow.api.pipelines.PipelineClient.smallDataset;
import static io.recflow.api.pipelines.PipelineClient.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Garbage collection deletes the checkpoints of a finished run and keeps everything its registered model was
 * made from, and its evaluation report; a run in flight (here, waiting for approval) keeps all of its
 * artifacts; a dry run deletes nothing; the deleted artifacts stay in lineage, marked; the audit log says so.
 */
@QuarkusTest
@Tag("pipeline")
class ArtifactCollectionTest {

    @Inject
    ArtifactStore store;
    @Inject
    StepRecords steps;
    @Inject
    ArtifactRecords artifacts;

    @Test
    void collectsCheckpointsOfFinishedRunsButNeverWhatAModelOrARunInFlightNeeds() {
        RecflowApi api = new RecflowApi(RestAssured.baseURI + ":" + RestAssured.port, TestTokens.admin());
        Map<String, Object> spec = PipelineClient.withTraining(
                spec("collected", smallDataset("gc-data", 51).folder(), 3e-3), "checkpointEvery", 1);
        String finished = started(api, spec);
        awaitStatus(api, finished, "COMPLETED");

        // A run in flight: its candidate waits for a person.
        Map<String, Object> waiting = new HashMap<>(PipelineClient.withTraining(
                spec("collected-waiting", smallDataset("gc-wait", 52).folder(), 3e-3), "checkpointEvery", 1));
        waiting.put("promotion", Map.of("minGain", -1, "significance", 0, "requireApproval", true));
        String inFlight = started(api, waiting);
        awaitStatus(api, inFlight, "WAITING_APPROVAL");

        List<String> checkpoints = generated(finished, ArtifactKind.CHECKPOINT);
        assertFalse(checkpoints.isEmpty(), "the finished run wrote checkpoints");
        List<String> kept = stageArtifacts(api, finished);
        List<String> flying = generated(inFlight, null);
        assertTrue(flying.stream().anyMatch(uri -> uri.contains("/" + ArtifactKind.CHECKPOINT + "/")));

        JsonPath dry = collect(api, true);
        List<String> listed = dry.getList("artifacts.ref.uri");
        assertTrue(listed.containsAll(checkpoints), dry.prettify());
        kept.forEach(uri -> assertFalse(listed.contains(uri), uri + " is needed by the registered model"));
        flying.forEach(uri -> assertFalse(listed.contains(uri), uri + " belongs to a run in flight"));
        checkpoints.forEach(uri -> assertTrue(exists(uri), "a dry run deletes nothing"));

        JsonPath done = collect(api, false);
        assertFalse(done.getBoolean("dryRun"));
        assertTrue(done.getLong("bytes") > 0, done.prettify());
        checkpoints.forEach(uri -> assertFalse(exists(uri), uri + " was deleted"));
        kept.forEach(uri -> assertTrue(exists(uri), uri + " was kept"));
        flying.forEach(uri -> assertTrue(exists(uri), uri + " of the run in flight was kept"));
        ArtifactEntity deleted = artifacts.artifactByUri(checkpoints.get(0)).orElseThrow();
        assertNotNull(deleted.getDeletedAt(), "lineage keeps the row, marked deleted");
        assertEquals("artifacts.collect", api.get("/api/v1/audit?target=artifacts&limit=1").json().get(0)
                .get("action").asText());
        List<String> again = collect(api, true).getList("artifacts.ref.uri");
        assertTrue(checkpoints.stream().noneMatch(again::contains), "a deleted artifact is not listed again");

        // Once decided, the run's checkpoints go too; its model version is registered, so the rest stays.
        api.post(RecflowApi.pipelinePath(inFlight) + "/reject", Map.of("reason", "collected")).expect(200);
        awaitStatus(api, inFlight, "COMPLETED");
        List<String> afterUris = collect(api, false).getList("artifacts.ref.uri");
        generated(inFlight, ArtifactKind.CHECKPOINT).forEach(uri -> assertTrue(afterUris.contains(uri), uri));
        stageArtifacts(api, inFlight).forEach(uri -> assertTrue(exists(uri), uri + " of a registered version"));
    }

    private static JsonPath collect(RecflowApi api, boolean dryRun) {
        return JsonPath.from(api.post("/api/v1/gc", Map.of("dryRun", dryRun, "olderThan", "0s")).expect(200).text());
    }

    private static String started(RecflowApi api, Map<String, Object> spec) {
        return api.post("/api/v1/pipelines", spec).expect(202).json().get("id").asText();
    }

    private static void awaitStatus(RecflowApi api, String id, String status) {
        long deadline = System.currentTimeMillis() + 600_000;
        String now;
        while (!(now = api.pipeline(id).get("status").asText()).equals(status)) {
            assertTrue(now.equals("RUNNING") || now.equals("WAITING_APPROVAL"), id + " ended " + now);
            assertTrue(System.currentTimeMillis() < deadline, id + " did not reach " + status);
            PipelineClient.sleep(250);
        }
    }

    /** The URIs of what the run's steps generated, of {@code kind} (null: every kind). */
    private List<String> generated(String runId, String kind) {
        return steps.stepsWithArtifacts(runId).stream().flatMap(s -> s.generated().stream())
                .filter(a -> kind == null || a.getKind().equals(kind)).map(ArtifactEntity::getUri).distinct().toList();
    }

    /** The artifacts the run's stages name: data set, split, encoder, tokenizer, model, report. */
    private static List<String> stageArtifacts(RecflowApi api, String runId) {
        JsonPath run = JsonPath.from(api.get(RecflowApi.pipelinePath(runId)).expect(200).text());
        return run.getList("stages.artifacts.flatten().uri");
    }

    private boolean exists(String uri) {
        return store.exists(artifacts.artifactByUri(uri).orElseThrow().toRef());
    }
}
