package io.recflow.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.ApiResponse;
import io.recflow.cli.client.RecflowApi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Importing a catalogue foundation model the way the README says: over REST, then polling until it ends. */
final class FoundationModels {

    private FoundationModels() {
    }

    /**
     * {@code POST /api/v1/foundation-models {"name": name}} — 202, or 200 when an earlier run on the same servers
     * imported it already (then nothing is converted) — and the model once its import ended (IMPORTED or FAILED).
     */
    static JsonNode importFromCatalogue(RecflowApi api, String name) {
        ApiResponse response = api.post("/api/v1/foundation-models", Map.of("name", name));
        assertTrue(List.of(200, 202).contains(response.status()), response.text());
        return E2e.awaitValue("the import of " + name, Duration.ofMinutes(10), () -> {
            JsonNode model = api.get("/api/v1/foundation-models/" + name).expect(200).body();
            return "IMPORTING".equals(model.get("status").asText()) ? null : model;
        });
    }
}
