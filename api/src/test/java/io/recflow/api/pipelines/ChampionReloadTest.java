package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.api.serving.ChampionModels;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.promote.ModelVersionRef;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.recflow.api.pipelines.PipelineClient.awaitCompleted;
import static io.recflow.api.pipelines.PipelineClient.smallDataset;
import static io.recflow.api.pipelines.PipelineClient.start;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A champion that cannot be loaded for a while (here: its artifact's object is missing, as in an outage of the
 * store) leaves the previous champion serving, and is served once it can be loaded, without a restart.
 */
@QuarkusTest
@Tag("pipeline")
class ChampionReloadTest {

    private static final String MODEL = "reloaded";

    @Inject
    ChampionModels champions;
    @Inject
    ModelRegistry registry;
    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    ArtifactStore store;

    @Test
    void aChampionThatFailedToLoadIsServedOnceItsArtifactIsBack() {
        PipelineClient.SmallData data = smallDataset("reloaded-data", 17);
        Map<String, Object> spec = PipelineClient.spec(MODEL, data.folder(), 3e-3);
        awaitCompleted(start(spec));
        Map<String, Object> other = new HashMap<>(spec);
        other.put("seed", 8);  // another model: version 2, whether or not its gate promotes it
        awaitCompleted(start(other));
        ModelVersionRef first = new ModelVersionRef(MODEL, 1);
        ModelVersionRef second = new ModelVersionRef(MODEL, 2);
        registry.moveAlias(MODEL, ModelRegistry.CHAMPION, 1, "test", "the first is served");
        champions.refresh(MODEL);
        assertEquals(first, champions.serving(MODEL));

        ArtifactRef artifact = artifactRecords.artifact(registry.version(MODEL, 2).orElseThrow().getArtifactId())
                .orElseThrow().toRef();
        byte[] bundle = store.getBytes(artifact);
        store.delete(artifact);
        registry.moveAlias(MODEL, ModelRegistry.CHAMPION, 2, "test", "promoted while the store lost it");
        champions.refresh(MODEL);
        assertEquals(first, champions.serving(MODEL), "the previous champion serves while the new one cannot load");
        given().contentType(ContentType.JSON).body(Map.of("history", data.history(3), "k", 3))
                .post("/api/v1/models/" + MODEL + "/recommendations").then().statusCode(200);

        assertEquals(artifact, store.put(artifact.kind(), bundle));  // back, under the same content address
        long deadline = System.currentTimeMillis() + 30_000;
        while (!second.equals(champions.serving(MODEL)) && System.currentTimeMillis() < deadline) {
            PipelineClient.sleep(200);
        }
        assertEquals(second, champions.serving(MODEL), "tried again after the retry interval, without a restart");

        // The model's page names each version's artifact (all read in one query).
        given().get("/api/v1/models/" + MODEL).then().statusCode(200)
                .body("serving", org.hamcrest.Matchers.is(2))
                .body("versions.artifactUri", org.hamcrest.Matchers.hasItem(artifact.uri()))
                .body("versions.artifactUri", org.hamcrest.Matchers.hasSize(2));
    }
}
