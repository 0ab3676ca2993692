package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.StepArtifacts;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.spec.EvaluationSpec;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.recflow.api.pipelines.PipelineClient.awaitEnd;
import static io.recflow.api.pipelines.PipelineClient.smallDataset;
import static io.recflow.api.pipelines.PipelineClient.start;
import static io.recflow.api.pipelines.PipelineClient.withTraining;
import static io.recflow.api.pipelines.StoredModels.baseOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * iLoRA beside plain LoRA and full fine-tuning in one real run: the comparisons are fine-tuned from the
 * candidate's pre-trained base (bit for bit), scored on the same users as {@code +lora} and {@code +full},
 * and promotion still reads the candidate's row only.
 */
@QuarkusTest
@Tag("pipeline")
class AdapterComparisonTest {

    private static final String MODEL = "compare";

    @Inject
    ArtifactStore store;
    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    StepRecords steps;

    @Test
    void comparisonAdaptersAreTrainedFromTheSameBaseAndReportedBesideTheCandidate() {
        Map<String, Object> spec = withTraining(PipelineClient.spec(MODEL, smallDataset("compare-data", 13).folder(),
                3e-3), "compareAdapters", List.of("lora", "full"));

        String id = start(spec);
        // While the comparisons train, the run view lists each of them (one slot here: one trains, one waits),
        // always in the same order (Temporal lists pending activities in any order).
        Set<List<String>> partsSeen = new HashSet<>();
        JsonPath run = awaitEnd(id, 100, view -> partsSeen.add(
                view.getList("stages.find { it.stage == 'fine-tune' }.parts.part", String.class)));
        assertEquals("COMPLETED", run.getString("status"), run.getString("message"));
        assertTrue(partsSeen.contains(List.of("comparison full", "comparison lora")), partsSeen::toString);
        assertTrue(partsSeen.stream().allMatch(parts -> List.of("comparison full", "comparison lora").containsAll(parts)
                && parts.stream().sorted().toList().equals(parts)), () -> "only comparisons, in order: " + partsSeen);

        int fineTune = run.getList("stages.stage").indexOf("fine-tune");
        String note = run.getString("stages[" + fineTune + "].message");
        assertTrue(note.endsWith("compared with lora, full"), note);
        List<ArtifactRef> models = run.<Map<String, Object>>getList("stages[" + fineTune + "].artifacts").stream()
                .map(a -> new ArtifactRef((String) a.get("uri"), (String) a.get("sha256"),
                        ((Number) a.get("size")).longValue(), (String) a.get("kind")))
                .toList();
        assertEquals(3, models.size(), models::toString);
        byte[] candidateBase = baseOf(store, models.get(0));
        for (ArtifactRef comparison : models.subList(1, 3)) {
            assertArrayEquals(candidateBase, baseOf(store, comparison), comparison.uri() + " has another base");
            assertNotEquals(models.get(0).sha256(), comparison.sha256());
            assertEquals("comparison", artifactRecords.artifactByUri(comparison.uri()).orElseThrow().getMetadata().get("role"));
        }
        assertEquals(List.of("lora", "full"), models.subList(1, 3).stream()
                .map(m -> artifactRecords.artifactByUri(m.uri()).orElseThrow().getMetadata().get("adapter")).toList());

        // Lineage: each training is its own fine-tune step, which generated its own model and nothing else.
        Map<String, StepArtifacts> fineTuneSteps = steps.stepsWithArtifacts(run.getString("id")).stream()
                .filter(s -> s.step().getStage().equals("fine-tune"))
                .collect(Collectors.toMap(s -> s.step().getPart(), s -> s));
        assertEquals(Set.of("", "comparison lora", "comparison full"), fineTuneSteps.keySet());
        List<String> trained = List.of("", "comparison lora", "comparison full");
        for (int i = 0; i < trained.size(); i++) {
            StepArtifacts step = fineTuneSteps.get(trained.get(i));
            assertEquals("COMPLETED", step.step().getStatus(), trained.get(i));
            assertEquals(List.of(models.get(i).uri()), step.generated().stream()
                    .filter(a -> a.getKind().equals(ArtifactKind.MODEL)).map(ArtifactEntity::getUri).toList(), trained.get(i));
        }

        // Every score a promotion or a sweep may name, as the spec's contract lists them, is measured for every row.
        for (String row : List.of("candidate", "+lora", "+full", "base")) {
            for (String protocol : List.of("full-ranking", "candidates")) {
                for (String score : EvaluationSpec.SCORES.get(protocol)) {
                    double value = run.getDouble("metrics.'" + row + "'.'" + protocol + "/" + score + "'");
                    assertTrue(value >= 0 && value <= 1, row + " " + protocol + "/" + score + " = " + value);
                }
            }
        }

        JsonPath report = given().get("/api/v1/models/" + MODEL + "/versions/1/report").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(Map.of("candidate", "moe-lora", "+lora", "lora", "+full", "full"), report.getMap("adapters"));
        assertEquals(run.getDouble("metrics.'+lora'.'full-ranking/NDCG@10'"),
                report.getDouble("metrics.'+lora'.'full-ranking/NDCG@10'"), 1e-6);

        // Promotion judged the candidate's row: the registered version carries its numbers.
        double candidateNdcg = run.getDouble("metrics.candidate.'full-ranking/NDCG@10'");
        given().get("/api/v1/models/" + MODEL + "/versions/1").then().statusCode(200)
                .body("metrics.'full-ranking/NDCG@10'", equalTo((float) candidateNdcg));
    }
}
