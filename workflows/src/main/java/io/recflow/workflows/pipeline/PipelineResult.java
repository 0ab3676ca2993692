package io.recflow.workflows.pipeline;

import io.recflow.workflows.promote.ModelVersionRef;
import io.recflow.workflows.promote.PromotionDecision;

import java.util.Map;

/** What a completed run produced: the registered model version, its metrics, the promotion decision. */
public record PipelineResult(ModelVersionRef modelVersion, Map<String, Map<String, Double>> metrics,
                             PromotionDecision promotion) {
}
