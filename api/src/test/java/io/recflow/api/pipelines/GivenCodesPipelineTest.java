package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.ml.data.ItemCatalog;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static io.recflow.api.pipelines.PipelineClient.awaitCompleted;
import static io.recflow.api.pipelines.PipelineClient.awaitEnd;
import static io.recflow.api.pipelines.PipelineClient.dataDir;
import static io.recflow.api.pipelines.PipelineClient.spec;
import static io.recflow.api.pipelines.PipelineClient.start;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run that takes ready-made item codes (tokenizer.codesUri, LETTER's index format) instead of training
 * its tokenizer: the backbone, beam search and evaluation work on them unchanged, and lineage says where
 * the codes came from.
 */
@QuarkusTest
@Tag("pipeline")
class GivenCodesPipelineTest {

    @Inject
    ArtifactRecords artifactRecords;

    /**
     * A LETTER-style index over the catalogue from item {@code skipFirst} on: 3 levels, 60 tuples for 120
     * items, so many collide.
     */
    private static Path index(String name, ItemCatalog catalog, int skipFirst) throws IOException {
        StringJoiner json = new StringJoiner(",\n", "{", "}");
        for (int i = skipFirst; i < catalog.size(); i++) {
            json.add("\"" + catalog.get(i).externalId() + "\": [\"<a_" + (i % 3) * 10 + ">\", \"<b_" + i % 4
                    + ">\", \"<c_" + i % 5 + ">\"]");
        }
        Path file = dataDir().resolve("given-codes").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, json.toString());
    }

    private static Map<String, Object> specWithCodes(String model, Path data, Path codes) {
        Map<String, Object> spec = new HashMap<>(spec(model, data, 3e-3));
        spec.put("tokenizer", Map.of("codesUri", codes.toUri().toString(), "encoderEpochs", 2, "embeddingDim", 32));
        return spec;
    }

    @Test
    void aRunTrainsOnGivenCodesAndRecordsWhereTheyCameFrom() throws IOException {
        PipelineClient.SmallData data = PipelineClient.smallDataset("given-codes-data", 5);
        Path codes = index("complete.index.json", data.dataset().catalog(), 0);
        JsonPath run = awaitCompleted(start(specWithCodes("given-codes", data.folder(), codes)));
        assertEquals("given", run.getString("spec.tokenizer.quantizer"), run.prettify());

        String uri = codes.toUri().toString();
        ArtifactEntity index = artifactRecords.artifacts("code-index", 100).stream()
                .filter(a -> uri.equals(a.getMetadata().get("source"))).findFirst().orElseThrow();
        ArtifactEntity tokenizer = artifactRecords.artifacts("tokenizer", 100).stream()
                .filter(a -> uri.equals(a.getMetadata().get("codesUri"))).findFirst().orElseThrow();
        assertEquals(index.getSha256(), tokenizer.getMetadata().get("codesSha256"));
        assertEquals(List.of("given-1", "given-2", "given-3", "disambiguation"), tokenizer.getMetadata().get("levels"));

        int model = given().get("/api/v1/models/given-codes/versions/1").then().statusCode(200).extract().path("artifactId");
        List<String> upstream = given().queryParam("direction", "upstream").queryParam("depth", 10)
                .get("/api/v1/lineage/artifacts/" + model).then().statusCode(200).extract().jsonPath()
                .getList("nodes.attributes.kind");
        assertTrue(upstream.contains("code-index"), upstream::toString);
    }

    @Test
    void anIndexMissingItemsFailsTheTokenizeStageNamingTheFile() throws IOException {
        PipelineClient.SmallData data = PipelineClient.smallDataset("given-codes-partial", 6);
        Path codes = index("partial.index.json", data.dataset().catalog(), 4);
        JsonPath run = awaitEnd(start(specWithCodes("given-codes-partial", data.folder(), codes)));
        assertEquals("FAILED", run.getString("status"), run.prettify());
        assertEquals("COMPLETED", run.getString("stages[0].status"));
        assertEquals("FAILED", run.getString("stages[1].status"));
        String message = run.getString("message");
        assertTrue(message.contains(codes.toUri() + ": 4 of the catalogue's "), message);
        assertTrue(message.contains(" items have no codes, e.g. " + data.dataset().catalog().get(0).externalId()), message);
        assertEquals(List.of(), run.getList("stages[1].artifacts"));
    }
}
