package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.store.ArtifactStore;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.recflow.api.pipelines.PipelineClient.awaitEnd;
import static io.recflow.api.pipelines.PipelineClient.dataDir;
import static io.recflow.api.pipelines.PipelineClient.spec;
import static io.recflow.api.pipelines.PipelineClient.start;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input that only a run can find — data that is malformed or not there when it is read — fails the run
 * once with a clear error that says what and where, and leaves nothing behind: no data set artifact, no
 * model, and a worker that goes on working. Requests refused before any run starts are
 * {@link BadRequestCatalogueTest}'s.
 */
@QuarkusTest
@Tag("pipeline")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    ArtifactStore store;
    @Inject
    ModelRegistry registry;

    @Test
    @Order(1)
    void aMalformedLineFailsTheRunNamingFileLineAndFieldAndWritesNoArtifact() throws IOException {
        Path folder = csv("malformed", "user,item,timestamp\nu1,i1,100\nu1,i2,yesterday\nu1,i3,300\n");
        JsonPath run = failedRun(folder);
        assertTrue(run.getString("message").contains("interactions.csv:3: field 'timestamp'"), run.getString("message"));
        assertEquals("FAILED", run.getString("stages[0].status"));
        assertEquals(List.of(), run.getList("stages[0].artifacts"));
        assertEquals("SKIPPED", run.getString("stages[1].status"));
    }

    @Test
    @Order(2)
    void aMissingColumnNamesTheColumnAndTheHeaderFound() throws IOException {
        Path folder = csv("missing-column", "user,product,timestamp\nu1,i1,100\n");
        String message = failedRun(folder.resolve("interactions.csv")).getString("message");
        assertTrue(message.contains("field 'item': missing required column"), message);
    }

    @Test
    @Order(3)
    void aMissingFileSaysWhichFile() {
        Path missing = dataDir().resolve("no-such-folder");
        String message = failedRun(missing).getString("message");
        assertTrue(message.contains("no-such-folder"), message);
    }

    @Test
    @Order(4)
    void aMissingObjectFailsOnceNamingTheUri() {
        // The bucket exists, so the spec passes the door; what it names is not there when the run reads it.
        String uri = "s3://" + store.bucket() + "/no-such-data/";
        Map<String, Object> spec = new HashMap<>(spec("bad-input", dataDir(), 1e-3));
        spec.put("data", Map.of("uri", uri, "format", "csv"));
        JsonPath run = failedRun(spec);
        assertTrue(run.getString("message").contains(uri + ": missing: no such object"), run.getString("message"));
        assertEquals(1, run.getInt("stages[0].attempt"), "bad input is not retried");
    }

    @Test
    @Order(5)
    void afterAllThatTheWorkerStillTrainsAndUnknownItemsAreNamed() {
        PipelineClient.SmallData data = PipelineClient.smallDataset("after-bad-input", 3);
        JsonPath run = PipelineClient.awaitCompleted(start(spec("survivor", data.folder(), 3e-3)));
        List<String> known = data.history(2);
        assertTrue(run.getBoolean("promotion.promoted"));
        given().contentType(ContentType.JSON).body(Map.of("history", List.of(known.get(0), "nope", known.get(1), "zzz"), "k", 3))
                .post("/api/v1/models/survivor/recommendations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(2))
                .body("errors[0]", equalTo("history[1]: unknown item id 'nope'"));
        assertTrue(datasetSources().stream().anyMatch(s -> s.contains("after-bad-input")));
    }

    @Test
    @Order(6)
    void aMisspeltPromotionMetricIsRefusedBeforeAnythingRuns() {
        // The protocol is one the evaluation runs; the metric's name has a typo. Caught at the door, not at the
        // promotion gate after the run has trained.
        Map<String, Object> spec = new HashMap<>(spec("unmeasured", PipelineClient.smallDataset("unmeasured-data", 5)
                .folder(), 3e-3));
        spec.put("promotion", Map.of("metric", "full-ranking/NDGC@10"));
        String problem = PipelineClient.api().post("/api/v1/pipelines", spec).expect(400).text();
        assertTrue(problem.contains("promotion.metric: 'NDGC@10' is not a score full-ranking reports"), problem);
        assertEquals(List.of(), given().get("/api/v1/pipelines?limit=1000").then().statusCode(200).extract().jsonPath()
                .<String>getList("findAll { it.model == 'unmeasured' }.id"), "no run was recorded");
        assertEquals(0, registry.versionCount("unmeasured"), "no version was registered");
    }

    /** CaseQ's default lapse of 31 on users with 8 to 20 events: nobody could be evaluated, and every metric would be 0. */
    @Test
    @Order(7)
    void aTemporalGapSplitThatEvaluatesNobodyFailsAtIngestWritingNothing() {
        Path data = PipelineClient.smallDataset("nobody-evaluated", 6).folder();
        Map<String, Object> spec = new HashMap<>(spec("nobody-evaluated", data, 3e-3));
        spec.put("data", Map.of("uri", data.toUri().toString(), "format", "csv", "split", "temporal-gap"));
        spec.put("evaluation", Map.of("protocols", List.of("temporal-gap")));
        JsonPath run = failedRun(spec);
        assertTrue(run.getString("message").contains("no user can be evaluated: the temporal-gap split needs users with"
                + " more than 32 events for lapse 31, and the longest history has 20; lower data.lapse"),
                run.getString("message"));
        assertEquals(1, run.getInt("stages[0].attempt"), "bad input is not retried");
    }

    private static Path csv(String name, String interactions) throws IOException {
        Path folder = dataDir().resolve(name);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("interactions.csv"), interactions);
        return folder;
    }

    private JsonPath failedRun(Path data) {
        return failedRun(spec("bad-input", data, 1e-3));
    }

    /** The run of {@code spec}: failed, listed among the failed runs, with no model and no data set snapshot. */
    private JsonPath failedRun(Map<String, Object> spec) {
        String id = start(spec);
        JsonPath run = awaitEnd(id);
        assertEquals("FAILED", run.getString("status"), run.prettify());
        assertNull(run.get("modelVersion"));
        assertTrue(given().get("/api/v1/pipelines?status=FAILED&limit=1000").then().statusCode(200).extract()
                .jsonPath().<String>getList("id").contains(id), "the failed run is listed as failed");
        String data = URI.create((String) ((Map<?, ?>) spec.get("data")).get("uri")).getPath().replaceAll("/$", "");
        List<String> sources = datasetSources();
        assertTrue(sources.stream().noneMatch(s -> s.contains(data)), () -> "a data set of " + data + " was stored: "
                + sources);
        return run;
    }

    private List<String> datasetSources() {
        return artifactRecords.artifacts("dataset", 1000).stream()
                .map(a -> String.valueOf(a.getMetadata().get("source"))).toList();
    }
}
