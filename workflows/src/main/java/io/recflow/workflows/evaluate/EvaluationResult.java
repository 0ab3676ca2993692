package io.recflow.workflows.evaluate;

import io.recflow.workflows.ArtifactRef;

import java.util.Map;

/**
 * The evaluation report artifact (per-user results, curves) and its headline numbers:
 * {@code metrics.get("candidate").get("full-ranking/NDCG@10")}; other keys are baselines
 * ({@code popularity}, {@code sasrec}) and, when it could be scored on the same users, the model's
 * current {@code champion}.
 */
public record EvaluationResult(ArtifactRef report, Map<String, Map<String, Double>> metrics) {

    public static final String CANDIDATE = "candidate";
    public static final String CHAMPION = "champion";
}
