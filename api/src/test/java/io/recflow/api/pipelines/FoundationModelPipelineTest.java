package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.store.ArtifactHasher;
import io.recflow.ml.llm.TinyLlama;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.spec.EvaluationSpec;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.recflow.api.pipelines.PipelineClient.awaitCompleted;
import static io.recflow.api.pipelines.PipelineClient.dataDir;
import static io.recflow.api.pipelines.PipelineClient.sleep;
import static io.recflow.api.pipelines.PipelineClient.smallDataset;
import static io.recflow.api.pipelines.PipelineClient.start;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The pipeline on a foundation model: a tiny random Llama imported through REST, fine-tuned with iLoRA (and
 * plain LoRA beside it) on a small synthetic data set with titles. The bundle holds only what was trained
 * and names the foundation model, which lineage shows upstream of the model; the report has the
 * language-model rows beside the encoder and popularity.
 */
@QuarkusTest
@Tag("pipeline")
class FoundationModelPipelineTest {

    private static final String FOUNDATION_MODEL = "tiny-llama-long";
    private static final String MODEL = "llm-recs";

    @Test
    void aPipelineOnAnImportedFoundationModelCompletesWithTheLanguageModelRows() throws IOException {
        String foundationUri = importTinyLlama();
        Map<String, Object> spec = spec(smallDataset("llm-data", 21).folder());

        JsonPath run = awaitCompleted(start(spec));

        int fineTune = run.getList("stages.stage").indexOf("fine-tune");
        List<Map<String, Object>> models = run.getList("stages[" + fineTune + "].artifacts");
        assertEquals(2, models.size(), models::toString);
        for (Map<String, Object> model : models) {
            // Adapters, projector and gate of a 2-layer, 16-wide model: a few KB, far below the base.
            assertTrue(((Number) model.get("size")).longValue() < 200_000, model::toString);
        }
        assertTrue(run.getDouble("stages[" + fineTune + "].metrics.truncatedPrompts") >= 0, run.prettify());

        int artifactId = given().get("/api/v1/models/" + MODEL + "/versions/1").then().statusCode(200)
                .extract().path("artifactId");
        JsonPath upstream = given().queryParam("direction", "upstream").queryParam("depth", 10)
                .get("/api/v1/lineage/artifacts/" + artifactId).then().statusCode(200).extract().jsonPath();
        List<String> kinds = upstream.getList("nodes.attributes.kind");
        assertTrue(kinds.containsAll(List.of(ArtifactKind.MODEL, ArtifactKind.FOUNDATION_MODEL, "encoder", "dataset")),
                kinds::toString);
        Map<String, Object> metadata = upstream.getMap("nodes.find { it.attributes.kind == 'model' }.attributes.metadata");
        assertEquals(foundationUri, metadata.get("foundationModel"));
        assertEquals(FOUNDATION_MODEL, metadata.get("backbone"));

        JsonPath report = given().get("/api/v1/models/" + MODEL + "/versions/1/report?perUser=true").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(Map.of("candidate", "moe-lora", "+lora", "lora"), report.getMap("adapters"));
        for (String row : List.of("candidate", "+lora", "zero-shot")) {
            for (String metric : List.of("HR@1", EvaluationSpec.GENERATED_HIT_RATIO, "HR@1-valid", "ValidRatio")) {
                double value = report.getDouble("metrics.'" + row + "'.'candidates/" + metric + "'");
                assertTrue(value >= 0 && value <= 1, row + " " + metric + " = " + value);
            }
        }
        for (String row : List.of("sasrec", "popularity")) {
            assertTrue(report.getDouble("metrics.'" + row + "'.'candidates/HR@1'") >= 0, row);
        }
        assertEquals(report.getList("users").size(),
                report.getList("perUser.'zero-shot'.'candidates/HR@1'").size());
        assertTrue(report.<String, Double>getMap("metrics.candidate").keySet().stream()
                .noneMatch(m -> m.startsWith("full-ranking")));
        // Promotion judged the likelihood HR@1 by default: the registered version carries the candidate's.
        assertEquals(report.getDouble("metrics.candidate.'candidates/HR@1'"), given()
                .get("/api/v1/models/" + MODEL + "/versions/1").then().statusCode(200).extract().jsonPath()
                .getDouble("metrics.'candidates/HR@1'"), 1e-6);

        servesTheChampionBuiltOnTheLanguageModel();
    }

    /** The promoted version answers with candidates (both ways) and over the whole catalogue. */
    private static void servesTheChampionBuiltOnTheLanguageModel() {
        List<String> items = given().queryParam("limit", 8).get("/api/v1/models/" + MODEL + "/items").then()
                .statusCode(200).extract().jsonPath().getList("item");
        List<String> history = items.subList(0, 3);
        List<String> candidates = items.subList(3, 8);

        JsonPath ranked = recommend(Map.of("history", history, "k", 3, "candidates", candidates));
        assertEquals(3, ranked.getList("items").size(), ranked.prettify());
        assertTrue(candidates.containsAll(ranked.getList("items.item")), ranked.prettify());
        assertDescendingLogProbabilities(ranked);
        assertTrue(ranked.get("answer") == null, "only generation answers in words");

        JsonPath catalogue = recommend(Map.of("history", history, "k", 4));
        List<String> decoded = catalogue.getList("items.item");
        assertEquals(4, decoded.stream().distinct().count(), catalogue.prettify());
        assertTrue(decoded.stream().noneMatch(history::contains), "what the user has is left out: " + decoded);
        assertDescendingLogProbabilities(catalogue);

        JsonPath generated = recommend(Map.of("history", history, "candidates", candidates, "method", "generation"));
        assertTrue(generated.getString("answer") != null, generated.prettify());
        assertTrue(generated.getList("items").size() <= 1, generated.prettify());
        assertTrue(candidates.containsAll(generated.getList("items.item")), generated.prettify());

        // More candidates than the prompt holds even with no history: the request's fault, said as such.
        List<String> hundred = given().queryParam("limit", 100).get("/api/v1/models/" + MODEL + "/items").then()
                .statusCode(200).extract().jsonPath().getList("item");
        for (String method : List.of("likelihood", "generation")) {
            given().contentType(ContentType.JSON).body(Map.of("history", history, "candidates", hundred, "method", method))
                    .post("/api/v1/models/" + MODEL + "/recommendations").then().statusCode(400)
                    .body("detail", containsString("even without history (100 candidates)"));
        }

        for (Map<String, Object> bad : List.of(Map.of("history", history, "method", "generation"),
                Map.of("history", history, "candidates", candidates, "method", "sampling"))) {
            given().contentType(ContentType.JSON).body(bad).post("/api/v1/models/" + MODEL + "/recommendations")
                    .then().statusCode(400).body("detail", containsString("method"));
        }
    }

    private static JsonPath recommend(Map<String, Object> request) {
        return given().contentType(ContentType.JSON).body(request).post("/api/v1/models/" + MODEL + "/recommendations")
                .then().statusCode(200).body("model", is(MODEL)).extract().jsonPath();
    }

    private static void assertDescendingLogProbabilities(JsonPath answer) {
        List<Float> scores = answer.getList("items.score", Float.class);
        for (int i = 0; i < scores.size(); i++) {
            assertTrue(scores.get(i) <= 0 && (i == 0 || scores.get(i - 1) >= scores.get(i)), scores::toString);
        }
    }

    @Test
    void aBackboneThatWasNeverImportedIsRefusedAtSubmit() {
        Map<String, Object> spec = new HashMap<>(spec(dataDir().resolve("never-read")));
        spec.put("training", Map.of("backbone", "never-imported"));
        given().contentType(ContentType.JSON).body(spec).post("/api/v1/pipelines")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasItem(containsString("training.backbone: 'never-imported' is not imported")));
    }

    @Test
    void aPromptBudgetTooSmallForTheCandidatesFailsTheFirstAttemptWithoutRetrying() throws IOException {
        importTinyLlama();
        Map<String, Object> spec = PipelineClient.withTraining(
                spec(smallDataset("llm-tight-data", 22).folder()), "maxPromptTokens", 64);

        JsonPath run = PipelineClient.awaitEnd(start(spec));

        assertEquals("FAILED", run.getString("status"), run.prettify());
        int fineTune = run.getList("stages.stage").indexOf("fine-tune");
        assertEquals(1, run.getInt("stages[" + fineTune + "].attempt"), run.prettify());
        assertTrue(run.getString("stages[" + fineTune + "].message").contains("even without history"), run.prettify());
    }

    /**
     * Imports the tiny Llama with a context long enough for prompts of titles (once: a second call finds it
     * imported); returns its artifact URI.
     */
    private static String importTinyLlama() throws IOException {
        Path gguf = TinyLlama.gguf(11, null, 1024)
                .write(Files.createDirectories(dataDir().resolve("gguf")).resolve(FOUNDATION_MODEL + ".gguf"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", FOUNDATION_MODEL, "uri", gguf.toUri().toString(),
                        "sha256", ArtifactHasher.sha256(gguf), "licence", "MIT"))
                .post("/api/v1/foundation-models")
                .then().statusCode(anyOf(is(202), is(200)));
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonPath model = given().get("/api/v1/foundation-models/" + FOUNDATION_MODEL).then().extract().jsonPath();
            if ("IMPORTED".equals(model.getString("status"))) {
                return model.getString("uri");
            }
            assertTrue(!"FAILED".equals(model.getString("status")), model::prettify);
            sleep(250);
        }
        return fail("the tiny Llama was not imported in 2 minutes");
    }

    /** Few examples, users, candidates and draws: generation on every row is the slow part. */
    private static Map<String, Object> spec(Path data) {
        return Map.of(
                "model", MODEL,
                "data", Map.of("uri", data.toUri().toString(), "format", "csv"),
                "tokenizer", Map.of("codebookSize", 16, "encoderEpochs", 2, "embeddingDim", 32),
                "training", Map.of("backbone", FOUNDATION_MODEL, "fineTuneEpochs", 1, "historyLength", 5,
                        "batchSize", 4, "experts", 2, "rank", 4, "maxTrainingExamples", 12, "maxPromptTokens", 900,
                        "compareAdapters", List.of("lora"), "learningRate", 1e-3),
                "evaluation", Map.of("maxUsers", 8, "candidateCount", 5, "candidateDraws", 2),
                "seed", 7);
    }
}
