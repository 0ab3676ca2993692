package io.recflow.workflows.finetune;

import io.recflow.workflows.ArtifactRef;

import java.util.Map;

/** The model (backbone + adapter + tokenizer + encoder) and how training went. */
public record FineTuneResult(ArtifactRef model, String device, Map<String, Double> metrics) {
}
