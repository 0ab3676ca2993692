package io.recflow.api.pipelines;

import io.minio.RemoveObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.StepEntity;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.cli.client.RecflowApi;
import io.recflow.workflows.ArtifactRef;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.recflow.api.pipelines.PipelineClient.awaitCompleted;
import static io.recflow.api.pipelines.PipelineClient.smallDataset;
import static io.recflow.api.pipelines.PipelineClient.spec;
import static io.recflow.api.pipelines.PipelineClient.start;
import static io.recflow.api.pipelines.PipelineClient.withTraining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The step cache: a second identical run reuses the first one's tokenize and fine-tune steps (recorded as
 * CACHED, with the step and run they came from and used-edges to the reused artifacts); {@code cache: false}
 * and a per-stage skip compute again — the same model, bit for bit; a reused artifact that is gone from the
 * store is computed again rather than reused.
 */
@QuarkusTest
@Tag("pipeline")
class StepCacheTest {

    private static final String MODEL = "cached";

    @Inject
    StepRecords steps;
    @Inject
    ArtifactStore store;

    @Test
    void anIdenticalRunReusesTokenizeAndFineTuneAndOptingOutComputesTheSameModel() throws Exception {
        PipelineClient.SmallData data = smallDataset("cache-data", 41);
        Map<String, Object> spec = new HashMap<>(spec(MODEL, data.folder(), 3e-3));
        spec.remove("cache");  // the default: stages reuse what they can

        JsonPath first = awaitCompleted(start(spec));
        assertEquals(List.of("COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"),
                first.getList("stages.status"), first.prettify());
        String model = modelSha(first);

        JsonPath second = awaitCompleted(start(spec));
        assertEquals(List.of("COMPLETED", "CACHED", "CACHED", "COMPLETED", "COMPLETED"),
                second.getList("stages.status"), second.prettify());
        for (int stage : new int[] {1, 2}) {
            assertEquals(first.getString("id"), second.getString("stages[" + stage + "].reusedFrom.runId"));
        }
        assertEquals(model, modelSha(second), "the reused model is the first run's");
        assertEquals(first.getInt("modelVersion.version"), second.getInt("modelVersion.version"));

        // Lineage: the CACHED step names the step it reused and used that step's outputs.
        StepEntity reused = steps.steps(second.getString("id")).stream()
                .filter(s -> s.getStage().equals("fine-tune")).findFirst().orElseThrow();
        assertEquals("CACHED", reused.getStatus());
        assertNotNull(reused.getCachedFromStep());
        StepEntity original = steps.step(reused.getCachedFromStep()).orElseThrow();
        assertEquals(first.getString("id"), original.getRunId());
        assertTrue(steps.stepsWithArtifacts(second.getString("id")).stream()
                .filter(s -> s.step().getId().equals(reused.getId()))
                .flatMap(s -> s.used().stream()).anyMatch(a -> a.getSha256().equals(model)),
                "the CACHED fine-tune step used the reused model");

        // Opting out computes again, and the same spec and seed give the same model.
        spec.put("cache", false);
        JsonPath computed = awaitCompleted(start(spec));
        assertEquals(List.of("COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"),
                computed.getList("stages.status"), computed.prettify());
        assertEquals(model, modelSha(computed));
        spec.put("cache", Map.of("skip", List.of("fine-tune")));
        JsonPath skipped = awaitCompleted(start(spec));
        assertEquals(List.of("COMPLETED", "CACHED", "COMPLETED", "COMPLETED", "COMPLETED"),
                skipped.getList("stages.status"), skipped.prettify());

        // A reused artifact that is gone: the stage computes it again instead of reusing a broken result.
        String encoder = skipped.getString("stages[1].artifacts.find { it.kind == 'encoder' }.uri");
        store.client().removeObject(RemoveObjectArgs.builder().bucket(store.bucket())
                .object(encoder.substring(("s3://" + store.bucket() + "/").length())).build());
        spec.remove("cache");
        JsonPath recomputed = awaitCompleted(start(spec));
        assertEquals("COMPLETED", recomputed.getString("stages[1].status"), recomputed.prettify());
        Map<String, Object> again = recomputed.getMap("stages[1].artifacts.find { it.kind == 'encoder' }");
        assertEquals(encoder, again.get("uri"), "the same encoder, computed again");
        assertTrue(store.exists(new ArtifactRef(encoder, (String) again.get("sha256"),
                ((Number) again.get("size")).longValue(), "encoder")), "the encoder is back in the store");
    }

    @Test
    void aRerunFromFineTuneReusesTheEarlierStagesAndTrainsWithTheChange() {
        PipelineClient.SmallData data = smallDataset("rerun-data", 43);
        Map<String, Object> spec = withTraining(spec("rerun", data.folder(), 3e-3), "experts", null);  // moe-lora's 4
        spec.remove("cache");
        JsonPath first = awaitCompleted(start(spec));
        String rerunPath = RecflowApi.pipelinePath(first.getString("id")) + "/rerun";

        // The change names the adapter only: plain LoRA's one expert is its default, which follows it (the run's
        // complete spec has moe-lora's default of four); the rest of the spec is the run's.
        Map<String, Object> changes = Map.of("training", Map.of("adapter", "lora"));
        JsonPath lora = awaitCompleted(PipelineClient.api().post(rerunPath, Map.of("from", "fine-tune",
                "spec", changes)).expect(202).json().get("id").asText());
        assertEquals(List.of("COMPLETED", "CACHED", "COMPLETED", "COMPLETED", "COMPLETED"),
                lora.getList("stages.status"), lora.prettify());
        assertEquals(first.getString("id"), lora.getString("stages[1].reusedFrom.runId"));
        assertEquals("lora", lora.getString("spec.training.adapter"));
        assertEquals(1, lora.getInt("spec.training.experts"));
        assertEquals(first.getInt("spec.training.rank"), lora.getInt("spec.training.rank"), "the rest is the run's");
        assertEquals(List.of("fine-tune"), lora.getList("spec.cache.skip"));
        assertTrue(!modelSha(first).equals(modelSha(lora)), "another adapter, another model");

        // From tokenize, unchanged: both stages compute again, and give the very same model.
        JsonPath again = awaitCompleted(PipelineClient.api().post(rerunPath, Map.of("from", "tokenize")).expect(202)
                .json().get("id").asText());
        assertEquals(List.of("COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"),
                again.getList("stages.status"), again.prettify());
        assertEquals(modelSha(first), modelSha(again));
    }

    private static String modelSha(JsonPath run) {
        return run.getString("stages[2].artifacts.find { it.kind == 'model' }.sha256");
    }
}
