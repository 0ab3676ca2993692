package io.recflow.workflows.finetune;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.spec.TrainingSpec;

/**
 * One fine-tuning: the candidate's, or a comparison adapter's.
 *
 * @param reuseBaseOf a model bundle whose pre-trained base to fine-tune instead of pre-training or loading
 *                    {@code training.baseModel} — a comparison starts from the candidate's bundle, so both
 *                    share one base bit for bit; {@code null} for the candidate (and left out of JSON then,
 *                    so its request reads as before comparisons existed)
 */
public record FineTuneRequest(ArtifactRef dataset, ArtifactRef split, ArtifactRef encoder, ArtifactRef tokenizer,
                              TrainingSpec training, long seed,
                              @JsonInclude(JsonInclude.Include.NON_NULL) ArtifactRef reuseBaseOf) {
}
