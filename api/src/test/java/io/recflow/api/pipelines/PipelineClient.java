package io.recflow.api.pipelines;

import io.recflow.api.access.TestTokens;
import io.recflow.cli.client.RecflowApi;
import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.UserSequence;
import io.recflow.ml.data.synthetic.SyntheticConfig;
import io.recflow.ml.data.synthetic.SyntheticDataset;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the REST tests do again and again: small data, small specs, start a run and wait for it. */
public final class PipelineClient {

    private PipelineClient() {
    }

    /** The test's data directory (the only allowed root for file:// data). */
    public static Path dataDir() {
        return Path.of(ConfigProvider.getConfig().getValue("recflow.data-dir", String.class));
    }

    /** A small synthetic data set, written as generic CSV under the data directory. */
    public record SmallData(Path folder, InteractionDataset dataset) {

        /** The last {@code n} item ids of the first user: a realistic history to ask about. */
        public List<String> history(int n) {
            UserSequence user = dataset.sequences().get(0);
            return Arrays.stream(user.items(), user.length() - n, user.length())
                    .mapToObj(i -> dataset.catalog().get(i).externalId()).toList();
        }
    }

    public static SmallData smallDataset(String name, long seed) {
        Path folder = dataDir().resolve(name);
        SyntheticDataset synthetic = SyntheticDataset.generate(new SyntheticConfig(120, 300, 8, 20, seed));
        try {
            synthetic.writeCsv(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SmallData(folder, synthetic.dataset());
    }

    /**
     * A spec that trains in seconds: small encoder, one short epoch per phase, few evaluated users. Every stage
     * computes ({@code cache: false}): tests that share a data set and a seed would otherwise reuse each other's
     * steps, depending on their order; {@code StepCacheTest} is the cache's.
     */
    public static Map<String, Object> spec(String model, Path data, double pretrainLearningRate) {
        return Map.of(
                "model", model,
                "data", Map.of("uri", data.toUri().toString(), "format", "csv"),
                "tokenizer", Map.of("codebookSize", 16, "encoderEpochs", 2, "embeddingDim", 32),
                "training", Map.of("pretrainEpochs", 1, "fineTuneEpochs", 1, "hiddenSize", 32, "historyLength", 10,
                        "batchSize", 64, "pretrainLearningRate", pretrainLearningRate, "experts", 2, "rank", 4),
                "evaluation", Map.of("maxUsers", 60, "beamSize", 10, "candidateDraws", 2),
                "seed", 7,
                "cache", false);
    }

    /** {@code spec} with {@code training.<key>} set to {@code value}. */
    public static Map<String, Object> withTraining(Map<String, Object> spec, String key, Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> training = new HashMap<>((Map<String, Object>) spec.get("training"));
        training.put(key, value);
        Map<String, Object> changed = new HashMap<>(spec);
        changed.put("training", training);
        return changed;
    }

    /** The platform under test, through the client that {@code ./recflow} uses. */
    static RecflowApi api() {
        return new RecflowApi(RestAssured.baseURI + ":" + RestAssured.port, TestTokens.admin());
    }

    static String start(Object spec) {
        return api().post("/api/v1/pipelines", spec).expect(202).json().get("id").asText();
    }

    /** Polls until the run leaves RUNNING; returns its final resource. */
    public static JsonPath awaitEnd(String id) {
        return awaitEnd(id, 250, run -> { });
    }

    /** The same, polling every {@code pollMillis} and showing {@code whileRunning} each view before the end. */
    public static JsonPath awaitEnd(String id, long pollMillis, Consumer<JsonPath> whileRunning) {
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline) {
            JsonPath run = view(id);
            if (!List.of("RUNNING").contains(run.getString("status"))) {
                return run;
            }
            whileRunning.accept(run);
            sleep(pollMillis);
        }
        return fail("pipeline " + id + " did not finish in 10 minutes");
    }

    /** The run as {@code GET /api/v1/pipelines/{id}} answers now. */
    public static JsonPath view(String id) {
        return JsonPath.from(api().get(RecflowApi.pipelinePath(id)).expect(200).text());
    }

    public static JsonPath awaitCompleted(String id) {
        JsonPath run = awaitEnd(id);
        assertTrue("COMPLETED".equals(run.getString("status")), () -> "pipeline " + id + " ended "
                + run.getString("status") + ": " + run.getString("message"));
        return run;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
