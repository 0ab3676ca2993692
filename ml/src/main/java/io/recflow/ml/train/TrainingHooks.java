package io.recflow.ml.train;

import io.recflow.ml.progress.ProgressListener;

/** Who hears about a training run: a progress report after every step, a checkpoint every few. */
public record TrainingHooks(ProgressListener progress, CheckpointListener checkpoints) {

    public static final TrainingHooks NONE = new TrainingHooks(ProgressListener.NO_OP, CheckpointListener.NONE);

    public TrainingHooks {
        progress = progress == null ? ProgressListener.NO_OP : progress;
        checkpoints = checkpoints == null ? CheckpointListener.NONE : checkpoints;
    }
}
