package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ArtifactRecords;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.recflow.api.pipelines.PipelineClient.awaitCompleted;
import static io.recflow.api.pipelines.PipelineClient.spec;
import static io.recflow.api.pipelines.PipelineClient.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run whose tokenizer quantises its levels with the learned VQ (tokenizer.quantizer vq) instead of
 * k-means: the codes it learns carry the backbone, beam search and evaluation unchanged.
 */
@QuarkusTest
@Tag("pipeline")
class LearnedVqPipelineTest {

    @Inject
    ArtifactRecords artifactRecords;

    @Test
    void aRunTokenizesWithTheLearnedVqAndItsModelBeatsPopularity() {
        PipelineClient.SmallData data = PipelineClient.smallDataset("vq-data", 9);
        Map<String, Object> spec = new HashMap<>(spec("vq-codes", data.folder(), 3e-3));
        spec.put("tokenizer", Map.of("quantizer", "vq", "codebookSize", 16, "encoderEpochs", 2, "embeddingDim", 32));
        JsonPath run = awaitCompleted(start(spec));
        assertEquals("vq", run.getString("spec.tokenizer.quantizer"), run.prettify());

        String sha = run.getString("stages[1].artifacts.find { it.kind == 'tokenizer' }.sha256");
        ArtifactEntity tokenizer = artifactRecords.artifacts("tokenizer", 100).stream()
                .filter(a -> a.getSha256().equals(sha)).findFirst().orElseThrow();
        assertEquals("vq", tokenizer.getMetadata().get("quantizer"), tokenizer.getMetadata()::toString);

        double candidate = run.getDouble("metrics.candidate.'full-ranking/NDCG@10'");
        double popularity = run.getDouble("metrics.popularity.'full-ranking/NDCG@10'");
        assertTrue(candidate > popularity, "NDCG@10 " + candidate + " vs popularity " + popularity);
    }
}
