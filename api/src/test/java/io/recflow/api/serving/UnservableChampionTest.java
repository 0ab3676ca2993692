package io.recflow.api.serving;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class UnservableChampionTest {

    @Inject
    ArtifactStore store;
    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    RunRecords runRecords;
    @Inject
    ModelRegistry registry;

    @Test
    void aChampionThatCannotBeLoadedIsReportedNotCrashedOn() {
        // A champion whose artifact is not a model bundle (as an artifact of an incompatible older format is).
        ArtifactRef junk = store.put(ArtifactKind.MODEL, "not a model".getBytes(StandardCharsets.UTF_8), Map.of());
        runRecords.createRun(new NewRun("pipeline-broken-model", "broken", "{}", 1L, null, "test", null));
        long artifact = artifactRecords.recordArtifact(junk);
        registry.registerVersion("broken", artifact, "pipeline-broken-model", Map.of());
        registry.moveAlias("broken", ModelRegistry.CHAMPION, 1, "test", "an unloadable champion");

        for (int attempt = 0; attempt < 2; attempt++) {
            given().contentType(ContentType.JSON).body(Map.of("history", List.of("i1"), "k", 3))
                    .post("/api/v1/models/broken/recommendations")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("detail", containsString("broken:1 cannot be served"))
                    .body("detail", containsString("not a recflow model"));
        }
        given().get("/q/health/live").then().statusCode(200);
    }
}
