package io.recflow.api.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.StageWatcher;
import io.recflow.cli.client.RecflowApi;
import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.UserSequence;
import io.recflow.ml.data.synthetic.SyntheticConfig;
import io.recflow.ml.data.synthetic.SyntheticDataset;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code recflow demo}: the platform's main job, end to end, as a user does it. Generates a
 * synthetic data set, starts a pipeline through the REST API, shows each stage's progress, prints
 * the evaluation and the promotion decision, and asks the served model for a recommendation.
 */
@ApplicationScoped
public class DemoCommand {

    private static final long SEED = 42;

    @ConfigProperty(name = "recflow.data-dir")
    Path dataDir;
    @ConfigProperty(name = "quarkus.http.port")
    int port;
    @ConfigProperty(name = "recflow.auth.admin-token-file")
    Path adminTokenFile;

    String baseUrl() {
        return "http://localhost:" + port;
    }

    int run() {
        try {
            Path dataFolder = dataDir.toAbsolutePath().resolve("demo-data");
            SyntheticDataset synthetic = SyntheticDataset.generate(new SyntheticConfig(600, 1000, 15, 60, SEED));
            synthetic.writeCsv(dataFolder);
            InteractionDataset data = synthetic.dataset();
            System.out.printf("recflow demo: %d users, %d items, %,d interactions of synthetic data in %s%n",
                    data.sequences().size(), data.catalog().size(), data.interactionCount(), dataFolder);

            String spec = specTemplate().replace("${DATA_URI}", dataFolder.toUri().toString());
            // The demo is the platform's owner at work: it signs in with the admin token of the first start.
            RecflowApi api = new RecflowApi(baseUrl(), Files.readString(adminTokenFile).strip());
            JsonNode started = api.startPipeline(spec, null);
            String id = started.get("id").asText();
            System.out.println("POST /api/v1/pipelines -> " + id + " (" + started.get("status").asText() + ")");
            String temporalUi = started.path("links").path("temporalUi").asText("");
            if (!temporalUi.isEmpty()) {
                System.out.println("its workflow history, live in the Temporal UI: " + temporalUi);
            }

            JsonNode run = new StageWatcher(System.out).watch(() -> api.pipeline(id));
            if (!run.get("status").asText().equals("COMPLETED")) {
                System.out.println("the pipeline ended " + run.get("status").asText() + ": " + run.path("message").asText());
                return 1;
            }
            printEvaluation(run.get("metrics"));
            JsonNode promotion = run.get("promotion");
            System.out.printf("%npromotion: %s %s (%s)%n", run.get("modelVersion").get("name").asText() + ":"
                            + run.get("modelVersion").get("version").asInt(),
                    promotion.get("promoted").asBoolean() ? "is the champion now" : "was not promoted",
                    promotion.get("reason").asText());
            recommendFor(api, data);
            printWhereToLookNext(id, temporalUi);
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static void recommendFor(RecflowApi api, InteractionDataset data) {
        UserSequence user = data.sequences().get(0);
        int[] recent = Arrays.copyOfRange(user.items(), Math.max(0, user.length() - 8), user.length());
        List<String> history = Arrays.stream(recent).mapToObj(i -> data.catalog().get(i).externalId()).toList();
        System.out.printf("%nrecommendations for user %s, whose last %d items were:%n", user.user(), recent.length);
        for (int item : recent) {
            System.out.printf("    %-8s %s%n", data.catalog().get(item).externalId(), data.catalog().get(item).title());
        }
        JsonNode answer = api.post("/api/v1/models/demo/recommendations", Map.of("history", history, "k", 5)).json();
        System.out.printf("POST /api/v1/models/demo/recommendations -> %s:%d recommends:%n",
                answer.get("model").asText(), answer.get("version").asInt());
        for (JsonNode item : answer.get("items")) {
            System.out.printf("    %-8s %-40s log-prob %.3f%n", item.get("item").asText(), item.get("title").asText(),
                    item.get("score").asDouble());
        }
    }

    private void printWhereToLookNext(String id, String temporalUi) {
        System.out.printf("%nwhere to look next (sign in to the console with the token in %s):%n",
                adminTokenFile.toAbsolutePath());
        System.out.printf("    the run, stage by stage   %s/#/pipelines/%s%n", baseUrl(), id);
        System.out.printf("    the model and its lineage %s/#/models/demo%n", baseUrl());
        System.out.printf("    the workflow history      %s%n", temporalUi.isEmpty()
                ? "(none: this platform runs Temporal's in-memory test server, which has no Web UI)" : temporalUi);
    }

    private static void printEvaluation(JsonNode metrics) {
        List<String> columns = new ArrayList<>();
        metrics.elements().next().fieldNames().forEachRemaining(name -> {
            if (!name.endsWith("-std") && !name.endsWith("ValidRatio")) {
                columns.add(name);
            }
        });
        System.out.printf("%nevaluation (same test users and candidate draws for every model):%n%-12s", "model");
        columns.forEach(c -> System.out.printf(" %14s", c.substring(c.indexOf('/') + 1)));
        System.out.println();
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> model = it.next();
            System.out.printf("%-12s", model.getKey());
            columns.forEach(c -> System.out.printf(" %14.4f", model.getValue().path(c).asDouble(Double.NaN)));
            System.out.println();
        }
        System.out.println("(" + String.join(", ", columns.stream().map(c -> c.substring(0, c.indexOf('/'))).distinct()
                .toList()) + " protocols)");
    }

    private static String specTemplate() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/pipeline-spec.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
