package io.recflow.workflows.evaluate;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.pipeline.EvaluationSpec;

/**
 * @param modelName the registry model the candidate is a version of: its champion, when trained on the
 *                  same data set, is scored beside the candidate. Null in payloads recorded before it
 *                  existed (no champion row then).
 */
public record EvaluateRequest(ArtifactRef model, ArtifactRef dataset, ArtifactRef split, EvaluationSpec evaluation,
                              long seed, String modelName) {
}
