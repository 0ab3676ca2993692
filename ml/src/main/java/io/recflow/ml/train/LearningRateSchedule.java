package io.recflow.ml.train;

/**
 * The learning rate over a run: linear warm-up to {@code peak} over the first {@code warmupSteps},
 * then either cosine decay towards {@code floor} at {@code totalSteps} (iLoRA's recipe: floor 0;
 * LLaRA's: peak / 100) or {@code peak} to the end (SASRec's fixed-rate Adam). A pure function of the
 * step, so a resumed run follows the same curve.
 */
public record LearningRateSchedule(double peak, long warmupSteps, long totalSteps, boolean cosineDecay,
                                   double floor) {

    public LearningRateSchedule {
        if (peak <= 0 || warmupSteps < 0 || totalSteps < 0 || floor < 0 || floor > peak) {
            throw new IllegalArgumentException("peak must be > 0, floor in [0, peak] and steps >= 0");
        }
    }

    /** Decaying (when it does) towards 0. */
    public LearningRateSchedule(double peak, long warmupSteps, long totalSteps, boolean cosineDecay) {
        this(peak, warmupSteps, totalSteps, cosineDecay, 0);
    }

    /** The rate for 0-based {@code step}; never 0, so that no step is wasted. */
    public double rate(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        if (!cosineDecay) {
            return peak;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
    }
}
