package io.recflow.api.pipelines;

import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.promote.ModelVersionRef;
import io.recflow.workflows.promote.PromotionDecision;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A pipeline run as the REST API shows it; {@code startedBy} is the principal that started it.
 * {@code temporalHistory} is false once Temporal no longer has the run's history: then {@code historyNote} says
 * so, and stages, artifacts, version and metrics come from lineage alone.
 */
public record PipelineView(String id, String model, PipelineStatus status, String message, PipelineSpec spec,
                           String startedBy, Instant startedAt, Instant endedAt, List<StageView> stages, ModelVersionRef modelVersion,
                           Map<String, Map<String, Double>> metrics, PromotionDecision promotion,
                           boolean temporalHistory, String historyNote, Map<String, String> links) {
}
