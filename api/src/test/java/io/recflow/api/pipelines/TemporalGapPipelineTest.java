package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.workflows.spec.EvaluationSpec;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.recflow.api.pipelines.PipelineClient.awaitCompleted;
import static io.recflow.api.pipelines.PipelineClient.smallDataset;
import static io.recflow.api.pipelines.PipelineClient.spec;
import static io.recflow.api.pipelines.PipelineClient.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CaseQ's protocol through the whole pipeline: the temporal-gap split made at ingest, training on the
 * training prefixes, and every model (candidate, base, encoder, popularity) scored on the in- and
 * out-of-distribution examples, with the drop; the promotion gate defaults to the ood NDCG@10.
 */
@QuarkusTest
@Tag("pipeline")
class TemporalGapPipelineTest {

    @Test
    void everyModelIsScoredInAndOutOfDistribution() {
        Path data = smallDataset("temporal-gap-data", 13).folder();
        Map<String, Object> spec = new LinkedHashMap<>(spec("gap", data, 1e-3));
        // synthetic users have 8..20 events: a lapse of 3 evaluates all of them
        spec.put("data", Map.of("uri", data.toUri().toString(), "format", "csv", "split", "temporal-gap", "lapse", 3));
        spec.put("evaluation", Map.of("protocols", List.of("temporal-gap")));
        JsonPath run = awaitCompleted(start(spec));
        for (String model : List.of("candidate", "base", "sasrec", "popularity")) {
            for (String metric : EvaluationSpec.SCORES.get(EvaluationSpec.TEMPORAL_GAP)) {  // what promotion may name
                double value = run.getDouble("metrics." + model + ".'temporal-gap/" + metric + "'");
                assertTrue(value >= 0 && value <= 1, model + " " + metric + " = " + value);
            }
            for (String metric : List.of("HR@10", "NDCG@10")) {
                double id = run.getDouble("metrics." + model + ".'temporal-gap/" + metric + "-id'");
                double ood = run.getDouble("metrics." + model + ".'temporal-gap/" + metric + "-ood'");
                assertTrue(id > 0, model + " scored no in-distribution hit: " + metric);
                assertEquals((id - ood) / id, run.getDouble("metrics." + model + ".'temporal-gap/" + metric + "-drop'"),
                        1e-6, model + " " + metric + "'s drop is relative to its in-distribution value");
            }
        }
        Map<String, Object> candidate = run.getMap("metrics.candidate");
        assertTrue(candidate.keySet().stream().allMatch(k -> k.startsWith("temporal-gap/")), candidate::toString);
        String reason = run.getString("promotion.reason");
        assertTrue(reason.contains("temporal-gap/NDCG@10-ood"), "the gate's default metric: " + reason);
    }
}
