package io.recflow.activities.lineage;

/**
 * A run to record when it is started. {@code id} is the Temporal workflow id; {@code specJson}
 * the submitted spec as a JSON object (text); {@code idempotencyKey} is optional; {@code startedBy} is the
 * authenticated principal that asked; {@code kind} {@value #PIPELINE} or {@value #SWEEP}; {@code sweepId} the
 * sweep that started a pipeline run, if one did.
 */
public record NewRun(String id, String temporalRunId, String model, String specJson, Long seed,
                     String idempotencyKey, String startedBy, String kind, String sweepId) {

    public static final String PIPELINE = "pipeline";
    public static final String SWEEP = "sweep";

    /** A pipeline run started on its own. */
    public NewRun(String id, String temporalRunId, String model, String specJson, Long seed, String idempotencyKey,
                  String startedBy) {
        this(id, temporalRunId, model, specJson, seed, idempotencyKey, startedBy, PIPELINE, null);
    }
}
