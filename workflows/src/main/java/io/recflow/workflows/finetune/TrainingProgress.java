package io.recflow.workflows.finetune;

import io.recflow.workflows.ArtifactRef;

/**
 * Heartbeat details of a training activity: where it is, and the last checkpoint to resume from
 * ({@code null} before the first one).
 *
 * @param phase {@code pretrain} or {@code finetune}
 */
public record TrainingProgress(String phase, int epoch, int epochs, long step, long totalSteps, double loss,
                               ArtifactRef checkpoint) {
}
