package io.recflow.api.sweeps;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.api.pipelines.PipelineClient;
import io.recflow.api.access.TestTokens;
import io.recflow.cli.client.RecflowApi;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sweeps on the real platform: children as pipeline runs that share tokenize and the pre-trained base through the
 * step cache,
 * a table of validation and test numbers, the best child by validation offered to its promotion gate and the
 * others not; a cancelled sweep cancels its children; a bad request starts nothing and says what is wrong where.
 */
@QuarkusTest
@Tag("pipeline")
class SweepTest {

    private static final String NDCG = "full-ranking/NDCG@10";

    @Test
    void aGridRunsEveryConfigurationSharingTokenizeAndOffersTheBestByValidation() {
        PipelineClient.SmallData data = PipelineClient.smallDataset("sweep-data", 43);
        Map<String, Object> base = new HashMap<>(PipelineClient.spec("swept", data.folder(), 3e-3));
        base.remove("cache");  // the children reuse each other's steps
        JsonPath started = JsonPath.from(api().post("/api/v1/sweeps", Map.of("spec", base,
                "grid", Map.of("training.experts", List.of(1, 2)), "maxParallel", 2)).expect(202).text());
        String id = started.getString("id");
        assertEquals(2, started.getList("children").size());
        assertEquals(List.of(Map.of("training.experts", 1), Map.of("training.experts", 2)),
                started.getList("children.overrides"));

        JsonPath sweep = awaitEnd(id);
        assertEquals("COMPLETED", sweep.getString("status"), sweep.prettify());
        List<Double> validation = List.of(number(sweep, 0, "validation"), number(sweep, 1, "validation"));
        number(sweep, 0, "test");
        number(sweep, 1, "test");
        int best = validation.get(1) > validation.get(0) ? 1 : 0;
        assertEquals(sweep.getString("children[" + best + "].runId"), sweep.getString("best"));
        assertEquals(true, sweep.getBoolean("children[" + best + "].offered"));
        assertEquals(false, sweep.getBoolean("children[" + (1 - best) + "].offered"));

        String first = sweep.getString("children[0].runId");
        String second = sweep.getString("children[1].runId");
        JsonPath leader = run(first);
        JsonPath follower = run(second);
        assertEquals("/api/v1/sweeps/" + id, follower.getString("links.sweep"));
        assertEquals("COMPLETED", leader.getString("stages[1].status"), "the first child tokenizes");
        assertEquals("CACHED", follower.getString("stages[1].status"), follower.prettify());
        assertEquals(first, follower.getString("stages[1].reusedFrom.runId"));
        assertEquals("COMPLETED", follower.getString("stages[2].status"), "its own configuration is trained");
        // ... from one base, pre-trained by whichever child took a training slot first (the server's choice):
        // experts change fine-tuning only
        List<Object> reused = Arrays.asList(leader.get("stages[2].metrics.pretrainReused"),
                follower.get("stages[2].metrics.pretrainReused"));
        assertTrue(reused.equals(Arrays.asList(null, 1.0f)) || reused.equals(Arrays.asList(1.0f, null)),
                () -> "one child pre-trains, the other reuses its base: " + reused);
        assertEquals(leader.getFloat("stages[2].metrics.pretrainLoss"), follower.getFloat("stages[2].metrics.pretrainLoss"));
        JsonPath notOffered = best == 0 ? follower : leader;
        assertEquals("sweep", notOffered.getString("promotion.decidedBy"));
        assertEquals(false, notOffered.getBoolean("promotion.promoted"));
        assertNotNull(notOffered.get("modelVersion"), "every child registers its version");
        assertEquals("policy", (best == 0 ? leader : follower).getString("promotion.decidedBy"),
                "the best child meets the ordinary gate");

        List<String> listed = JsonPath.from(api().get("/api/v1/sweeps").expect(200).text()).getList("id");
        assertTrue(listed.contains(id), listed::toString);
        assertTrue(!JsonPath.from(api().get("/api/v1/pipelines").expect(200).text()).getList("id").contains(id),
                "a sweep is not listed as a pipeline run");
        // ... nor viewed, re-run or cancelled as one; only its workflow history is read where a pipeline's is
        String notAPipeline = api().get("/api/v1/pipelines/" + id).expect(404).text();
        assertTrue(notAPipeline.contains("/api/v1/sweeps/" + id), notAPipeline);
        api().post("/api/v1/pipelines/" + id + "/rerun", Map.of("from", "evaluate")).expect(404);
        api().post("/api/v1/pipelines/" + id + "/cancel", null).expect(404);
        api().get(sweep.getString("links.history")).expect(200);
    }

    @Test
    void cancellingASweepCancelsItsRunningChildAndNeverStartsTheRest() {
        PipelineClient.SmallData data = PipelineClient.smallDataset("sweep-cancel-data", 44);
        Map<String, Object> base = PipelineClient.spec("swept-canceled", data.folder(), 3e-3);
        String id = JsonPath.from(api().post("/api/v1/sweeps", Map.of("spec", base,
                "grid", Map.of("training.rank", List.of(2, 4)), "maxParallel", 1)).expect(202).text()).getString("id");
        awaitFirstChildRunning(id);  // a cancel that beats the first child's start leaves no run to look at
        JsonPath canceled = JsonPath.from(api().post("/api/v1/sweeps/" + id + "/cancel", null).expect(200).text());
        assertTrue(List.of("RUNNING", "CANCELED").contains(canceled.getString("status")), canceled.prettify());

        JsonPath sweep = awaitEnd(id);
        assertEquals("CANCELED", sweep.getString("status"), sweep.prettify());
        assertEquals(List.of("CANCELED", "CANCELED"), sweep.getList("children.status"));
        assertEquals("CANCELED", run(sweep.getString("children[0].runId")).getString("status"));
        api().get("/api/v1/pipelines/" + sweep.getString("children[1].runId")).expect(404);
        api().post("/api/v1/sweeps/" + id + "/cancel", null).expect(409);
    }

    @Test
    void aBadRequestStartsNothingAndSaysWhatIsWrongWhere() {
        Map<String, Object> base = PipelineClient.spec("swept-bad", PipelineClient.dataDir().resolve("none"), 3e-3);
        int before = JsonPath.from(api().get("/api/v1/sweeps").expect(200).text()).getList("id").size();

        String typo = api().post("/api/v1/sweeps", Map.of("spec", base, "grid",
                Map.of("training.expert", List.of(1, 2)))).expect(400).text();
        assertTrue(typo.contains("'training.expert' is not a field of the pipeline spec (did you mean"
                + " 'training.experts'?)"), typo);

        String invalid = api().post("/api/v1/sweeps", Map.of("spec", base, "grid",
                Map.of("training.experts", List.of(2, 0)))).expect(400).text();
        assertTrue(invalid.contains("children[1] {training.experts=0}: training.experts"), invalid);

        String both = api().post("/api/v1/sweeps", Map.of("spec", base, "grid", Map.of("training.rank", List.of(2)),
                "runs", List.of(Map.of("seed", 1)))).expect(400).text();
        assertTrue(both.contains("not both"), both);

        String tooMany = api().post("/api/v1/sweeps", Map.of("spec", base, "grid", Map.of(
                "seed", java.util.stream.IntStream.range(0, 9).boxed().toList(),
                "training.rank", java.util.stream.IntStream.range(1, 9).boxed().toList()))).expect(400).text();
        assertTrue(tooMany.contains("at most 64 configurations; this one has 72"), tooMany);

        String strict = api().post("/api/v1/sweeps", Map.of("spec", base,
                "runs", List.of(Map.of("training", Map.of("expertz", 2))))).expect(400).text();
        assertTrue(strict.contains("expertz"), strict);

        assertEquals(before, JsonPath.from(api().get("/api/v1/sweeps").expect(200).text()).getList("id").size(),
                "nothing was started");
    }

    private static double number(JsonPath sweep, int child, String row) {
        Object value = sweep.get("children[" + child + "]." + row + "['" + NDCG + "']");
        assertTrue(value instanceof Number, () -> row + " " + NDCG + " of child " + child + ": " + sweep.prettify());
        return ((Number) value).doubleValue();
    }

    private static JsonPath run(String id) {
        return JsonPath.from(api().get("/api/v1/pipelines/" + id).expect(200).text());
    }

    private static void awaitFirstChildRunning(String id) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonPath sweep = JsonPath.from(api().get("/api/v1/sweeps/" + id).expect(200).text());
            if ("RUNNING".equals(sweep.getString("children[0].status"))) {
                return;
            }
            assertEquals("RUNNING", sweep.getString("status"), sweep.prettify());
            PipelineClient.sleep(100);
        }
        fail("the first child of sweep " + id + " did not start in 2 minutes");
    }

    private static JsonPath awaitEnd(String id) {
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline) {
            JsonPath sweep = JsonPath.from(api().get("/api/v1/sweeps/" + id).expect(200).text());
            if (!"RUNNING".equals(sweep.getString("status"))) {
                return sweep;
            }
            PipelineClient.sleep(500);
        }
        return fail("sweep " + id + " did not end in 10 minutes");
    }

    private static RecflowApi api() {
        return new RecflowApi(RestAssured.baseURI + ":" + RestAssured.port, TestTokens.admin());
    }
}
