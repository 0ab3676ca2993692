package io.recflow.workflows.finetune;

import io.recflow.workflows.ArtifactRef;

/**
 * Heartbeat details of a training activity: where it is, and what a retried attempt resumes from —
 * the pre-trained base once pre-training is done ({@code base}), and the last checkpoint of the phase
 * in progress ({@code checkpoint}); either is {@code null} until it exists.
 *
 * @param phase {@code encoder}, {@code pretrain} or {@code finetune}
 */
public record TrainingProgress(String phase, int epoch, int epochs, long step, long totalSteps, double loss,
                               ArtifactRef base, ArtifactRef checkpoint) {
}
