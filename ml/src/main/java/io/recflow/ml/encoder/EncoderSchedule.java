package io.recflow.ml.encoder;

/**
 * How an encoder's learning rate moves during training ({@link io.recflow.ml.train.LearningRateSchedule}).
 * Each model uses what measured best for it on the synthetic data (held-out NDCG@10, see the uses).
 */
enum EncoderSchedule {

    /** Adam at a fixed rate from the first step, as SASRec is trained. */
    FIXED(0, false),
    /**
     * Linear warm-up over 5% of the steps, then cosine decay to 0 (iLoRA's recipe): tempers a model
     * that overfits at a fixed rate.
     */
    WARMUP_COSINE(0.05, true);

    final double warmupFraction;
    final boolean cosineDecay;

    EncoderSchedule(double warmupFraction, boolean cosineDecay) {
        this.warmupFraction = warmupFraction;
        this.cosineDecay = cosineDecay;
    }
}
