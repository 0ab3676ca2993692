package io.recflow.workflows.promote;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.spec.PromotionSpec;

import java.util.Map;

public record RegisterRequest(String model, ArtifactRef modelArtifact, ArtifactRef evaluationReport,
                              Map<String, Double> metrics, PromotionSpec policy) {
}
