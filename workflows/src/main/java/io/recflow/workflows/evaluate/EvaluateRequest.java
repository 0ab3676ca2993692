package io.recflow.workflows.evaluate;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.pipeline.EvaluationSpec;

public record EvaluateRequest(ArtifactRef model, ArtifactRef dataset, ArtifactRef split, EvaluationSpec evaluation,
                              long seed) {
}
