package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.workflows.ArtifactRef;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static io.recflow.api.pipelines.PipelineClient.awaitCompleted;
import static io.recflow.api.pipelines.PipelineClient.awaitEnd;
import static io.recflow.api.pipelines.PipelineClient.smallDataset;
import static io.recflow.api.pipelines.PipelineClient.spec;
import static io.recflow.api.pipelines.PipelineClient.start;
import static io.recflow.api.pipelines.PipelineClient.withTraining;
import static io.recflow.api.pipelines.StoredModels.baseOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code training.baseModel}: a registered version's pre-trained base is fine-tuned again as it is, and
 * only with the item codes it was trained with.
 */
@QuarkusTest
@Tag("pipeline")
class RegisteredBaseTest {

    @Inject
    ArtifactStore store;
    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    ModelRegistry registry;

    @Test
    void aRegisteredVersionsBaseIsFineTunedAgainOnTheDataItWasTrainedOn() {
        Path data = smallDataset("registered-base-data", 31).folder();
        awaitCompleted(start(spec("registered-base", data, 3e-3)));

        // Another pre-training learning rate: a base pre-trained again instead would differ.
        JsonPath again = awaitCompleted(start(withTraining(spec("registered-base", data, 1e-2), "baseModel",
                "registered-base:1")));

        assertEquals(2, again.getInt("modelVersion.version"));
        assertArrayEquals(baseOf(store, model("registered-base", 1)), baseOf(store, model("registered-base", 2)));
    }

    @Test
    void aBaseTrainedWithOtherItemCodesIsRefused() {
        awaitCompleted(start(spec("other-codes", smallDataset("other-codes-a", 32).folder(), 3e-3)));

        Map<String, Object> otherData = spec("other-codes", smallDataset("other-codes-b", 33).folder(), 3e-3);
        JsonPath run = awaitEnd(start(withTraining(otherData, "baseModel", "other-codes:1")));

        assertEquals("FAILED", run.getString("status"), run.prettify());
        assertTrue(run.getString("message").contains("was trained with other item codes than this run's tokenizer"),
                run.getString("message"));
    }

    private ArtifactRef model(String name, int version) {
        long artifactId = registry.version(name, version).orElseThrow().getArtifactId();
        return artifactRecords.artifact(artifactId).map(ArtifactEntity::toRef).orElseThrow();
    }
}
