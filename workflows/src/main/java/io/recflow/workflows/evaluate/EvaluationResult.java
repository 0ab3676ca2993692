package io.recflow.workflows.evaluate;

import io.recflow.workflows.ArtifactRef;

import java.util.Map;

/**
 * The evaluation report artifact (per-user results, curves) and its headline numbers:
 * {@code metrics.get("candidate").get("full-ranking/NDCG@10")}; other keys are baselines
 * ({@code base}, {@code sasrec}, {@code popularity}), comparison adapters ({@code +lora}, {@code +full})
 * and, when it could be scored on the same users, the model's current {@code champion}.
 * Promotion reads the {@code candidate} row only.
 */
public record EvaluationResult(ArtifactRef report, Map<String, Map<String, Double>> metrics) {

    public static final String CANDIDATE = "candidate";
    public static final String CHAMPION = "champion";
    /** The candidate on the validation targets, when {@code evaluation.validation} asks (sweeps select on it). */
    public static final String VALIDATION = "validation";

    /** The row of the comparison model fine-tuned with {@code adapter}, e.g. {@code +lora}. */
    public static String comparisonRow(String adapter) {
        return "+" + adapter;
    }
}
