package io.recflow.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starting a pipeline run and waiting for its end, through the client {@code ./recflow} uses; the waits
 * outlast a server that restarts under them (the durability tests kill it on purpose).
 */
final class PipelineRuns {

    private PipelineRuns() {
    }

    /** Starts a pipeline; returns its id. */
    static String start(RecflowApi api, Map<String, Object> spec) {
        return api.post("/api/v1/pipelines", spec).expect(202).json().get("id").asText();
    }

    /** Starts a pipeline with an Idempotency-Key; returns its id. */
    static String start(RecflowApi api, Map<String, Object> spec, String idempotencyKey) {
        return api.post("/api/v1/pipelines", spec, Map.of("Idempotency-Key", idempotencyKey)).expect(202).json()
                .get("id").asText();
    }

    /** Polls the pipeline until it leaves RUNNING and WAITING_APPROVAL and returns it. */
    static JsonNode awaitEnd(RecflowApi api, String id, Duration timeout) {
        return awaitEnd(api, id, timeout, run -> { });
    }

    /** The same, showing {@code whileRunning} each view polled before the end. */
    static JsonNode awaitEnd(RecflowApi api, String id, Duration timeout, Consumer<JsonNode> whileRunning) {
        JsonNode[] last = new JsonNode[1];
        E2e.await("pipeline " + id + " to end", timeout, () -> {
            last[0] = api.pipeline(id);
            String status = last[0].get("status").asText();
            boolean ended = !List.of("RUNNING", "WAITING_APPROVAL").contains(status);
            if (!ended) {
                whileRunning.accept(last[0]);
            }
            return ended;
        });
        return last[0];
    }

    static JsonNode awaitCompleted(RecflowApi api, String id, Duration timeout) {
        JsonNode run = awaitEnd(api, id, timeout);
        if (!"COMPLETED".equals(run.get("status").asText())) {
            throw new AssertionError("pipeline " + id + " ended " + run.get("status").asText() + ": "
                    + run.path("message").asText() + "\n" + run.toPrettyString());
        }
        return run;
    }
}
