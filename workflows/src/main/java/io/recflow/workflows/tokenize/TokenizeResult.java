package io.recflow.workflows.tokenize;

import io.recflow.workflows.ArtifactRef;

import java.util.Map;

/** The trained sequence encoder and tokenizer, with their quality numbers (loss, collisions, ...). */
public record TokenizeResult(ArtifactRef encoder, ArtifactRef tokenizer, Map<String, Double> metrics) {
}
