package io.recflow.api.foundation;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.foundation.FoundationImportActivitiesImpl;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.store.ArtifactHasher;
import io.recflow.api.infra.EmbeddedInfraTestResource;
import io.recflow.ml.llm.TinyLlama;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.foundation.FoundationImportRequest;
import io.recflow.workflows.foundation.FoundationImportResult;
import io.recflow.workflows.foundation.FoundationImportWorkflow;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.recflow.api.pipelines.PipelineClient.dataDir;
import static io.recflow.api.pipelines.PipelineClient.sleep;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A tiny random Llama (2 layers) written as a GGUF under the data directory, imported through REST from
 * its file:// URI: listed with its metadata, in lineage as the output of an import step, a no-op the
 * second time, generating deterministically in the playground; a truncated copy, a GGUF missing a tensor
 * and a wrong sha256 are refused naming the problem, with nothing stored.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FoundationModelImportTest {

    private static final String NAME = "tiny-llama";
    private static Path gguf;
    private static long artifactId;
    /** What other tests sharing the servers imported before this one (a pipeline test imports its own model). */
    private static Set<String> importedBefore;
    private static int artifactsBefore;

    @Inject
    ArtifactRecords artifacts;
    @Inject
    StepRecords steps;
    @Inject
    FoundationImportActivitiesImpl activities;

    @Test
    @Order(1)
    void aFileGgufIsImportedListedAndInLineage() throws IOException {
        importedBefore = Set.copyOf(importedNames());
        artifactsBefore = artifacts.artifacts(ArtifactKind.FOUNDATION_MODEL, 100).size();
        gguf = TinyLlama.gguf(7, null).write(Files.createDirectories(dataDir().resolve("gguf")).resolve("tiny.gguf"));
        Response started = startImport(NAME, gguf, ArtifactHasher.sha256(gguf));
        started.then().statusCode(202).header("Location", endsWith("/api/v1/foundation-models/" + NAME));
        assertEquals(FoundationImportWorkflow.workflowId(NAME), started.jsonPath().getString("workflowId"));

        JsonPath model = awaitImport(NAME);
        assertEquals("IMPORTED", model.getString("status"), model.prettify());
        assertEquals(TinyLlama.CONFIG.parameterCount(), model.getLong("parameters"));
        assertEquals("llama", model.getString("architecture"));
        assertEquals(gguf.toUri().toString(), model.getString("source"));
        assertEquals("MIT", model.getString("licence"));
        assertEquals(ArtifactHasher.sha256(gguf), model.getString("ggufSha256"));
        assertTrue(model.getString("uri").endsWith("/artifacts/foundation-model/" + model.getString("sha256")));
        artifactId = model.getLong("artifactId");

        JsonPath list = given().get("/api/v1/foundation-models").then().statusCode(200).extract().jsonPath();
        assertEquals(withThisModel(), Set.copyOf(list.<String>getList("name")));
        assertEquals(model.getLong("sizeBytes"), list.getLong("[0].sizeBytes"));

        JsonPath upstream = given().get("/api/v1/lineage/artifacts/" + artifactId + "?direction=upstream")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(ArtifactKind.FOUNDATION_MODEL), upstream.getList("nodes.findAll { it.type == 'artifact' }.attributes.kind"));
        assertEquals(List.of("import"), upstream.getList("nodes.findAll { it.type == 'step' }.attributes.stage"));
        assertEquals(List.of("generated"), upstream.getList("edges.label"));
        assertTrue(upstream.getMap("nodes[0].attributes.metadata").containsKey("ggufSha256"));
        assertNoWorkLeft();
    }

    @Test
    @Order(2)
    void importingTheSameModelAgainIsANoOpThatReturnsTheSameArtifact() throws IOException {
        Response again = startImport(NAME, gguf, ArtifactHasher.sha256(gguf));
        again.then().statusCode(200);
        assertEquals(artifactId, again.jsonPath().getLong("artifactId"));
        // The activity itself (a race past the API's check) converts nothing either.
        FoundationImportResult result = activities.importModel(
                new FoundationImportRequest(NAME, gguf.toUri().toString(), ArtifactHasher.sha256(gguf), "MIT"));
        assertTrue(result.alreadyImported());
        assertEquals(1, steps.steps(FoundationImportWorkflow.workflowId(NAME)).size());
        assertEquals(artifactsBefore + 1, artifacts.artifacts(ArtifactKind.FOUNDATION_MODEL, 100).size());
        // The same name from another GGUF is a conflict, not a silent replacement.
        given().contentType(ContentType.JSON)
                .body(Map.of("name", NAME, "uri", gguf.toUri().toString(), "sha256", "0".repeat(64), "licence", "MIT"))
                .post("/api/v1/foundation-models")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("imported already from another GGUF"));
        // The same GGUF under another name would share the artifact: refused, naming the first name.
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "tiny-again", "uri", gguf.toUri().toString(), "sha256", ArtifactHasher.sha256(gguf),
                        "licence", "MIT"))
                .post("/api/v1/foundation-models")
                .then().statusCode(409).body("detail", containsString("is imported already as " + NAME));
    }

    @Test
    @Order(3)
    void thePlaygroundContinuesGreedilyAndTheSameWayTwice() {
        Map<String, Object> request = Map.of("prompt", "hello world", "maxTokens", 6);
        JsonPath first = generate(request);
        JsonPath second = generate(request);
        assertEquals(6, first.getList("tokens").size());
        assertEquals(first.getList("tokens"), second.getList("tokens"));
        assertEquals(first.getString("text"), second.getString("text"));
        assertEquals(2, first.getInt("promptTokens"));
        assertTrue(!first.getString("text").isEmpty());

        given().contentType(ContentType.JSON).body(Map.of("prompt", "hello", "maxTokens", 64))
                .post("/api/v1/foundation-models/" + NAME + "/generate")
                .then().statusCode(400).body("detail", containsString("context of 64 tokens"));
        // Long prompts are refused before the first pass, whose attention scores grow with the prompt's square.
        given().contentType(ContentType.JSON).body(Map.of("prompt", "hello world ".repeat(300), "maxTokens", 1))
                .post("/api/v1/foundation-models/" + NAME + "/generate")
                .then().statusCode(400).body("detail", containsString("the playground takes at most 512"));
        given().contentType(ContentType.JSON).body(Map.of("prompt", "hello"))
                .post("/api/v1/foundation-models/nobody/generate")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    @Order(4)
    void aTruncatedGgufIsRefusedNamingTheTruncationAndNothingIsStored() throws IOException {
        byte[] whole = Files.readAllBytes(gguf);
        Path truncated = Files.write(gguf.resolveSibling("truncated.gguf"), Arrays.copyOf(whole, whole.length / 2));
        assertRefused("truncated", truncated, ArtifactHasher.sha256(truncated), "truncated file");
    }

    @Test
    @Order(5)
    void aGgufMissingATensorIsRefusedNamingTheTensor() throws IOException {
        Path partial = TinyLlama.gguf(7, "blk.1.ffn_up.weight").write(gguf.resolveSibling("partial.gguf"));
        assertRefused("partial", partial, ArtifactHasher.sha256(partial), "missing tensor 'blk.1.ffn_up.weight'");
    }

    @Test
    @Order(6)
    void aWrongSha256IsRefusedNamingBothHashes() throws IOException {
        String wrong = "0".repeat(64);
        assertRefused("wrong-sha", gguf, wrong, "sha256': is " + ArtifactHasher.sha256(gguf) + " (" + Files.size(gguf)
                + " bytes), expected " + wrong);
    }

    @Test
    @Order(7)
    void requestsAreCheckedBeforeAnythingStarts() {
        given().contentType(ContentType.JSON).body(Map.of("name", "gpt-5"))
                .post("/api/v1/foundation-models")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasItem(containsString("'gpt-5' is not in the catalogue [smollm2-135m]")));
        given().contentType(ContentType.JSON).body(Map.of("name", "mine", "uri", "file:///etc/passwd"))
                .post("/api/v1/foundation-models")
                .then().statusCode(400)
                .body("errors", hasItem(containsString("sha256: required with a uri")))
                .body("errors", hasItem(containsString("licence: required with a uri")));
        given().get("/api/v1/foundation-models/nobody").then().statusCode(404)
                .body("detail", containsString("there is no foundation model nobody"));
    }

    @Test
    @Order(8)
    void aSecondImportOfANameFromAnotherGgufIsAConflictWhileTheFirstRunsOrAfter() throws IOException {
        Path first = TinyLlama.gguf(21, null).write(gguf.resolveSibling("first.gguf"));  // seeds no other test imports
        Path second = TinyLlama.gguf(22, null).write(gguf.resolveSibling("second.gguf"));
        startImport("contested", first, ArtifactHasher.sha256(first)).then().statusCode(202);
        // At once, so the first import is most likely still running; once it has finished, the answer is a 409 too.
        startImport("contested", second, ArtifactHasher.sha256(second)).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("from another GGUF (sha256 " + ArtifactHasher.sha256(first) + ")"));
        startImport("contested", first, ArtifactHasher.sha256(first)).then().statusCode(anyOf(is(200), is(202)));

        JsonPath model = awaitImport("contested");
        assertEquals("IMPORTED", model.getString("status"), model.prettify());
        assertEquals(ArtifactHasher.sha256(first), model.getString("ggufSha256"));
        assertNoWorkLeft();
    }

    private void assertRefused(String name, Path file, String sha256, String expected) {
        startImport(name, file, sha256).then().statusCode(202);
        JsonPath model = awaitImport(name);
        assertEquals("FAILED", model.getString("status"), model.prettify());
        assertTrue(model.getString("message").contains(file.toUri().toString()), model.getString("message"));
        assertTrue(model.getString("message").contains(expected), model.getString("message"));
        given().contentType(ContentType.JSON).body(Map.of("prompt", "hello"))
                .post("/api/v1/foundation-models/" + name + "/generate")
                .then().statusCode(409).body("detail", containsString(name + " did not import (" + model.getString("message")));
        assertEquals(List.of(), steps.steps(FoundationImportWorkflow.workflowId(name)), "no lineage row");
        assertEquals(artifactsBefore + 1, artifacts.artifacts(ArtifactKind.FOUNDATION_MODEL, 100).size(), "no artifact");
        assertEquals(withThisModel(), Set.copyOf(importedNames()));
        assertNoWorkLeft();
    }

    private static List<String> importedNames() {
        return given().get("/api/v1/foundation-models").jsonPath().getList("name");
    }

    private static Set<String> withThisModel() {
        Set<String> names = new HashSet<>(importedBefore);
        names.add(NAME);
        return names;
    }

    private static Response startImport(String name, Path file, String sha256) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "uri", file.toUri().toString(), "sha256", sha256, "licence", "MIT"))
                .post("/api/v1/foundation-models");
    }

    private static JsonPath awaitImport(String name) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonPath model = given().get("/api/v1/foundation-models/" + name).then().statusCode(200).extract().jsonPath();
            if (!"IMPORTING".equals(model.getString("status"))) {
                return model;
            }
            sleep(200);
        }
        return fail("the import of " + name + " did not end in 2 minutes");
    }

    private static JsonPath generate(Map<String, Object> request) {
        return given().contentType(ContentType.JSON).body(request)
                .post("/api/v1/foundation-models/" + NAME + "/generate")
                .then().statusCode(200).extract().jsonPath();
    }

    private static void assertNoWorkLeft() {
        Path work = Path.of(ConfigProvider.getConfig().getValue("recflow.foundation.work-dir", String.class));
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "the import's work folders are deleted");
        } catch (IOException e) {
            fail(e);
        }
    }
}
