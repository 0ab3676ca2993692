package io.recflow.activities.lineage;

/**
 * A pipeline run to record when it is started. {@code id} is the Temporal workflow id; {@code specJson}
 * the submitted spec as a JSON object (text); {@code idempotencyKey} is optional; {@code startedBy} is the
 * authenticated principal that asked.
 */
public record NewRun(String id, String temporalRunId, String model, String specJson, Long seed,
                     String idempotencyKey, String startedBy) {
}
