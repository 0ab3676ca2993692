package io.recflow.activities.lineage;

/**
 * A run to record when it is started. {@code id} is the Temporal workflow id (its run id is set once the workflow
 * has started); {@code specJson} the complete spec as a JSON object (text); {@code idempotencyKey} is optional;
 * {@code startedBy} is the authenticated principal that asked; {@code kind} {@value #PIPELINE} or {@value #SWEEP};
 * {@code sweepId} the sweep that started a pipeline run, if one did; {@code requestedSpecJson} the spec as the
 * request gave it, before its defaults, when there was a request.
 */
public record NewRun(String id, String model, String specJson, Long seed, String idempotencyKey, String startedBy,
                     String kind, String sweepId, String requestedSpecJson) {

    public static final String PIPELINE = "pipeline";
    public static final String SWEEP = "sweep";

    /** A run without a request's spec of its own: a sweep, or a pipeline run its sweep started. */
    public NewRun(String id, String model, String specJson, Long seed, String idempotencyKey,
                  String startedBy, String kind, String sweepId) {
        this(id, model, specJson, seed, idempotencyKey, startedBy, kind, sweepId, null);
    }

    /** A pipeline run started on its own, whose spec the request gave as {@code requestedSpecJson}. */
    public NewRun(String id, String model, String specJson, Long seed, String idempotencyKey,
                  String startedBy, String requestedSpecJson) {
        this(id, model, specJson, seed, idempotencyKey, startedBy, PIPELINE, null, requestedSpecJson);
    }
}
