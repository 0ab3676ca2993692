package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.recflow.api.pipelines.PipelineClient.awaitCompleted;
import static io.recflow.api.pipelines.PipelineClient.smallDataset;
import static io.recflow.api.pipelines.PipelineClient.spec;
import static io.recflow.api.pipelines.PipelineClient.start;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the champion cannot be scored on the candidate's test users, the evaluation says why in the
 * report and the gate falls back to the headline comparison, saying so.
 */
@QuarkusTest
@Tag("pipeline")
class ChampionRowTest {

    @Inject
    ArtifactStore store;
    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    RunRecords runRecords;
    @Inject
    ModelRegistry registry;

    @Test
    void aChampionTrainedOnOtherDataIsNotScoredOnThisSplit() {
        String model = "other-data";
        JsonPath first = awaitCompleted(start(spec(model, smallDataset("champion-data-a", 21).folder(), 3e-3)));
        assertEquals(1, first.getInt("modelVersion.version"));

        JsonPath second = awaitCompleted(start(spec(model, smallDataset("champion-data-b", 22).folder(), 3e-3)));
        String reason = second.getString("promotion.reason");
        assertTrue(reason.startsWith("no paired comparison: the champion was trained on another data set"), reason);
        assertTrue(reason.contains("; headline full-ranking/NDCG@10 "), reason);
        given().get("/api/v1/models/" + model + "/versions/2/report").then().statusCode(200)
                .body("champion.version", equalTo(1))
                .body("champion.scored", equalTo(false))
                .body("champion.reason", containsString("trained on another data set"))
                .body("metrics.champion", nullValue())
                .body("paired.candidateVs.champion", nullValue());
    }

    @Test
    void anUnloadableChampionIsReportedAndAGoodCandidateReplacesIt() {
        // A champion whose artifact is not a model bundle (as an artifact of an incompatible older format is).
        String model = "unloadable";
        ArtifactRef junk = store.put(ArtifactKind.MODEL, "not a model either".getBytes(StandardCharsets.UTF_8),
                Map.of());
        runRecords.createRun(new NewRun("pipeline-unloadable-model", model, "{}", 1L, null, "test", null));
        registry.registerVersion(model, artifactRecords.recordArtifact(junk), "pipeline-unloadable-model", Map.of());
        registry.moveAlias(model, ModelRegistry.CHAMPION, 1, "test", "an unloadable champion");

        JsonPath run = awaitCompleted(start(spec(model, smallDataset("unloadable-data", 23).folder(), 3e-3)));
        String reason = run.getString("promotion.reason");
        assertTrue(run.getBoolean("promotion.promoted"), reason);
        assertTrue(reason.startsWith("no paired comparison: the champion cannot be loaded: not a recflow model"),
                reason);
        given().get("/api/v1/models/" + model + "/versions/2/report").then().statusCode(200)
                .body("champion.scored", equalTo(false))
                .body("champion.reason", containsString("not a recflow model"));
    }
}
