package io.recflow.workflows.tokenize;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.spec.TokenizerSpec;

public record TokenizeRequest(ArtifactRef dataset, ArtifactRef split, TokenizerSpec tokenizer, long seed) {
}
