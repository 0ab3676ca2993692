package io.recflow.api.pipelines;

import io.recflow.activities.lineage.PlatformBuild;
import io.recflow.api.access.Role;
import io.recflow.api.access.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.recflow.api.pipelines.PipelineClient.awaitCompleted;
import static io.recflow.api.pipelines.PipelineClient.smallDataset;
import static io.recflow.api.pipelines.PipelineClient.spec;
import static io.recflow.api.pipelines.PipelineClient.start;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform's main job through its REST API, on real embedded PostgreSQL, s3proxy, the Temporal
 * test server and real DJL training: trigger, complete, lineage, serving, a better run promoted and
 * served without a restart, and the same spec and seed reproducing the same model.
 */
@QuarkusTest
@Tag("pipeline")
class PipelineEndToEndTest {

    private static final String MODEL = "e2e";

    @Test
    void trainsEvaluatesPromotesServesAndHotSwapsABetterModel() {
        PipelineClient.SmallData small = smallDataset("e2e-data", 11);
        Path data = small.folder();

        // A deliberately weak first model (pre-training at a learning rate too small to learn much).
        Map<String, Object> weak = spec(MODEL, data, 1e-6);
        JsonPath first = awaitCompleted(start(weak));
        assertEquals(1, first.getInt("modelVersion.version"));
        assertTrue(first.getBoolean("promotion.promoted"), first.getString("promotion.reason"));
        assertEquals(5, first.getList("stages").size());
        assertTrue(first.getList("stages.status").stream().allMatch("COMPLETED"::equals), first.prettify());
        double weakNdcg = first.getDouble("metrics.candidate.'full-ranking/NDCG@10'");
        assertTrue(first.getDouble("metrics.popularity.'full-ranking/NDCG@10'") >= 0);

        // Upstream lineage of the registered model reaches the data set it was trained on.
        int artifactId = given().get("/api/v1/models/" + MODEL + "/versions/1").then().statusCode(200)
                .extract().path("artifactId");
        JsonPath upstream = given().queryParam("direction", "upstream").queryParam("depth", 10)
                .get("/api/v1/lineage/artifacts/" + artifactId).then().statusCode(200).extract().jsonPath();
        List<String> kinds = upstream.getList("nodes.attributes.kind");
        assertTrue(kinds.containsAll(List.of("model", "dataset", "tokenizer", "encoder", "split")), kinds::toString);
        // ... and says which code made each step: this build's version and commit.
        List<String> codeVersions = upstream.getList("nodes.findAll { it.type == 'step' }.attributes.codeVersion");
        assertFalse(codeVersions.isEmpty());
        assertTrue(codeVersions.stream().allMatch(PlatformBuild.current().describe()::equals), codeVersions::toString);

        // The champion answers recommendation requests.
        List<String> history = small.history(3);
        given().contentType(ContentType.JSON).body(Map.of("history", history, "k", 5))
                .post("/api/v1/models/" + MODEL + "/recommendations")
                .then().statusCode(200)
                .body("version", equalTo(1))
                .body("items.size()", equalTo(5));

        // The evaluation report behind the numbers, with the training curves, and the catalogue search.
        given().get("/api/v1/models/" + MODEL + "/versions/1/report").then().statusCode(200)
                .body("metrics.candidate.'full-ranking/NDCG@10'", equalTo((float) weakNdcg))
                .body("lossCurves.pretrain.size()", equalTo(1))
                .body("lossCurves.finetune.size()", equalTo(1));
        String firstItem = history.get(0);
        given().queryParam("q", firstItem).get("/api/v1/models/" + MODEL + "/items").then().statusCode(200)
                .body("item", hasItem(firstItem));

        // A properly trained second run wins, is promoted, and is served without a restart.
        JsonPath second = awaitCompleted(start(spec(MODEL, data, 3e-3)));
        assertEquals(2, second.getInt("modelVersion.version"));
        double strongNdcg = second.getDouble("metrics.candidate.'full-ranking/NDCG@10'");
        assertTrue(strongNdcg > weakNdcg, strongNdcg + " should beat " + weakNdcg);
        assertTrue(second.getBoolean("promotion.promoted"), second.getString("promotion.reason"));
        awaitServedVersion(history, 2);
        // Trained on the same data set, the champion (version 1) was scored beside it on the same users, and
        // the gate compared the two user by user (a paired bootstrap) rather than with version 1's own number.
        assertTrue(second.getString("promotion.reason").startsWith("full-ranking/NDCG@10 on the same 60 users"),
                second.getString("promotion.reason"));
        JsonPath report = given().get("/api/v1/models/" + MODEL + "/versions/2/report").then().statusCode(200)
                .body("champion.version", equalTo(1))
                .body("champion.scored", equalTo(true))
                .body("paired.candidateVs.popularity.'candidates/HR@1'.p", notNullValue())
                .extract().jsonPath();
        assertEquals(weakNdcg, report.getDouble("metrics.champion.'full-ranking/NDCG@10'"), 1e-6);
        assertEquals(strongNdcg - weakNdcg,
                report.getDouble("paired.candidateVs.champion.'full-ranking/NDCG@10'.difference"), 1e-6);
        given().get("/api/v1/models/" + MODEL + "/versions/1/report").then().statusCode(200)
                .body("champion.scored", equalTo(false))
                .body("champion.reason", equalTo(MODEL + " has no champion yet"));

        // The same spec and seed give the same model: the same artifact, so the same registered version;
        // it loses against the champion, on the same users, and is not promoted.
        JsonPath again = awaitCompleted(start(weak));
        assertEquals(1, again.getInt("modelVersion.version"));
        assertFalse(again.getBoolean("promotion.promoted"), again.getString("promotion.reason"));
        assertTrue(again.getString("promotion.reason").contains("vs champion " + MODEL + ":2"),
                again.getString("promotion.reason"));
        assertEquals(weakNdcg, again.getDouble("metrics.candidate.'full-ranking/NDCG@10'"));

        // Roll back by hand, as an approver: served at once, and the audit log says who (the token's principal)
        // and why.
        given().header("Authorization", "Bearer " + TestTokens.of("ops", Role.APPROVER))
                .contentType(ContentType.JSON).body(Map.of("version", 1, "reason", "rollback drill"))
                .post("/api/v1/models/" + MODEL + "/aliases/champion")
                .then().statusCode(200).body("fromVersion", equalTo(2)).body("toVersion", equalTo(1));
        given().contentType(ContentType.JSON).body(Map.of("history", history, "k", 3))
                .post("/api/v1/models/" + MODEL + "/recommendations")
                .then().statusCode(200).body("version", equalTo(1));
        given().get("/api/v1/models/" + MODEL).then().statusCode(200)
                .body("aliases.champion", equalTo(1))
                .body("aliasHistory.reason", hasItem("rollback drill"))
                .body("aliasHistory.find { it.reason == 'rollback drill' }.actor", equalTo("ops"));
        // A page at a time: the newest, the counts of all, and the next page below the last one shown.
        JsonPath page = given().queryParam("limit", 1).get("/api/v1/models/" + MODEL).then().statusCode(200)
                .body("versionCount", equalTo(2)).body("versions.version", equalTo(List.of(2)))
                .body("aliasMoveCount", equalTo(3)).body("aliasHistory.reason", equalTo(List.of("rollback drill")))
                .extract().jsonPath();
        given().queryParam("before", 2).get("/api/v1/models/" + MODEL + "/versions").then().statusCode(200)
                .body("version", equalTo(List.of(1)));
        given().queryParam("before", page.getLong("aliasHistory[0].id"))
                .get("/api/v1/models/" + MODEL + "/alias-history").then().statusCode(200)
                .body("toVersion", equalTo(List.of(2, 1))).body("[1].fromVersion", nullValue());
        given().queryParam("limit", 0).get("/api/v1/models/" + MODEL).then().statusCode(400);
        given().get("/api/v1/models/no-such-model/alias-history").then().statusCode(404);

        // Retraining the champion itself (same spec and seed) gives the very same model, which the registry
        // knows as the champion's version: nothing to promote, and the reason says so.
        JsonPath retrain = awaitCompleted(start(weak));
        assertEquals(1, retrain.getInt("modelVersion.version"));
        assertFalse(retrain.getBoolean("promotion.promoted"), retrain.getString("promotion.reason"));
        assertEquals(MODEL + ":1 is the champion already: this run trained the very same model",
                retrain.getString("promotion.reason"));

        // The run's Temporal history is there for people and tools.
        given().get("/api/v1/pipelines/" + second.getString("id") + "/history").then().statusCode(200)
                .body("events.size()", org.hamcrest.Matchers.greaterThan(10));
    }

    @Test
    void theSameIdempotencyKeyStartsOneRun() {
        Path data = smallDataset("idempotent-data", 5).folder();
        Map<String, Object> spec = spec("idem", data, 1e-3);
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", "nightly-2026-11-27")
                .body(spec).post("/api/v1/pipelines").then().statusCode(202).extract().path("id");
        String second = given().contentType(ContentType.JSON).header("Idempotency-Key", "nightly-2026-11-27")
                .body(spec).post("/api/v1/pipelines").then().statusCode(202).extract().path("id");
        assertEquals(first, second);

        Map<String, Object> other = spec("idem", data, 2e-3);
        given().contentType(ContentType.JSON).header("Idempotency-Key", "nightly-2026-11-27").body(other)
                .post("/api/v1/pipelines")
                .then().statusCode(409).contentType("application/problem+json");
        given().post("/api/v1/pipelines/" + first + "/cancel").then().statusCode(200);
        assertEquals("CANCELED", PipelineClient.awaitEnd(first).getString("status"));
    }

    private static void awaitServedVersion(List<String> history, int version) {
        long deadline = System.currentTimeMillis() + 30_000;
        int served = -1;
        while (System.currentTimeMillis() < deadline && served != version) {
            served = given().contentType(ContentType.JSON).body(Map.of("history", history, "k", 3))
                    .post("/api/v1/models/" + MODEL + "/recommendations")
                    .then().statusCode(200).extract().path("version");
            PipelineClient.sleep(200);
        }
        assertEquals(version, served, "the new champion was not served within 30 s");
    }
}
