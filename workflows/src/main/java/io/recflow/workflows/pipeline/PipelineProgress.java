package io.recflow.workflows.pipeline;

import io.recflow.workflows.promote.ModelVersionRef;
import io.recflow.workflows.promote.PromotionDecision;

import java.util.List;
import java.util.Map;

/**
 * The run's state, answered by the {@code progress} query.
 *
 * @param metrics headline metrics per evaluated model ({@code candidate}, baselines)
 */
public record PipelineProgress(PipelineStatus status, List<StageProgress> stages, ModelVersionRef modelVersion,
                               Map<String, Map<String, Double>> metrics, PromotionDecision promotion,
                               String message) {
}
