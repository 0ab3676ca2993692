package io.recflow.activities.stage;

import io.recflow.ml.progress.ProgressListener;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.TrainingProgress;
import io.temporal.activity.ActivityExecutionContext;
import org.jboss.logging.Logger;

/**
 * Turns training progress into activity heartbeats (the SDK throttles them) carrying what a retry
 * resumes from, and into a progress line in the worker log every few seconds. A heartbeat is also
 * where a cancelled pipeline stops the training: it throws.
 */
public final class HeartbeatProgress implements ProgressListener {

    private static final Logger LOG = Logger.getLogger(HeartbeatProgress.class);
    private static final long LOG_EVERY_MS = 5_000;

    private final ActivityExecutionContext context;
    private final String label;
    private ArtifactRef base;
    private ArtifactRef checkpoint;
    private TrainingProgress last;
    private long lastLogged;

    public HeartbeatProgress(ActivityExecutionContext context, String label, TrainingProgress resumedFrom) {
        this.context = context;
        this.label = label;
        if (resumedFrom != null) {
            this.base = resumedFrom.base();
            this.checkpoint = resumedFrom.checkpoint();
            // Until this attempt reports progress of its own, its heartbeats repeat the one it resumes from: a
            // checkpoint is resumed only within its phase, and an attempt that timed out while loading the model
            // must not hand the next one a checkpoint with no phase (it then started again from step 1).
            this.last = resumedFrom;
        }
    }

    @Override
    public void onProgress(String phase, int epoch, int epochs, long step, long totalSteps, double loss) {
        last = new TrainingProgress(phase, epoch, epochs, step, totalSteps, loss, base, checkpoint);
        context.heartbeat(last);
        long now = System.currentTimeMillis();
        if (now - lastLogged >= LOG_EVERY_MS || step == totalSteps) {
            lastLogged = now;
            LOG.infof("%s %s: epoch %d/%d, step %d/%d (%.0f%%), loss %.4f", label, phase, epoch, epochs, step,
                    totalSteps, 100.0 * step / Math.max(1, totalSteps), loss);
        }
    }

    /** Heartbeats what was last reported (the SDK throttles it), to show that a long step or load goes on. */
    @Override
    public void onWork() {
        beat();
    }

    /** A new checkpoint of the phase in progress; heartbeats it at once, so a retry finds it. */
    public void checkpoint(ArtifactRef ref) {
        checkpoint = ref;
        beat();
    }

    /** Pre-training is done and stored; its checkpoints are no longer needed for resuming. */
    public void base(ArtifactRef ref) {
        base = ref;
        checkpoint = null;
        beat();
    }

    private void beat() {
        last = last == null ? new TrainingProgress("", 0, 0, 0, 0, Double.NaN, base, checkpoint)
                : new TrainingProgress(last.phase(), last.epoch(), last.epochs(), last.step(), last.totalSteps(),
                        last.loss(), base, checkpoint);
        context.heartbeat(last);
    }
}
