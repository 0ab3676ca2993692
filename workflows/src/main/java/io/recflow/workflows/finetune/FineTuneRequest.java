package io.recflow.workflows.finetune;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.pipeline.TrainingSpec;

public record FineTuneRequest(ArtifactRef dataset, ArtifactRef split, ArtifactRef encoder, ArtifactRef tokenizer,
                              TrainingSpec training, long seed) {
}
