package io.recflow.ml.progress;

/**
 * Receives training progress from any model in this module, so that callers (an activity heartbeat,
 * a CLI progress line, a test) can watch a run without the model knowing who listens. Called from
 * the training thread; implementations should be cheap.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores every report. */
    ProgressListener NO_OP = (phase, epoch, epochs, step, totalSteps, loss) -> { };

    /**
     * @param phase      what is training, e.g. "sasrec" or "backbone"
     * @param epoch      the current epoch, 1-based
     * @param epochs     the number of epochs planned
     * @param step       optimisation steps done so far over the whole run
     * @param totalSteps optimisation steps planned over the whole run
     * @param loss       the loss of the latest step (or an epoch mean, as the caller documents)
     */
    void onProgress(String phase, int epoch, int epochs, long step, long totalSteps, double loss);

    /**
     * Work goes on with nothing new to report, e.g. a micro-batch of a long step done: a step of a
     * language model can take a minute on a busy CPU, longer than a caller may wait between reports.
     */
    default void onWork() {
    }
}
