package io.recflow.ml.train;

/**
 * The learning rate of iLoRA's recipe: linear warm-up to {@code peak} over the first
 * {@code warmupSteps}, then cosine decay towards 0 at {@code totalSteps}. A pure function of the
 * step, so a resumed run follows the same curve.
 */
public record WarmupCosineSchedule(double peak, long warmupSteps, long totalSteps) {

    public WarmupCosineSchedule {
        if (peak <= 0 || warmupSteps < 0 || totalSteps < 0) {
            throw new IllegalArgumentException("peak must be > 0 and steps >= 0");
        }
    }

    /** The rate for 0-based {@code step}; never 0, so that no step is wasted. */
    public double rate(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        return peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
    }
}
