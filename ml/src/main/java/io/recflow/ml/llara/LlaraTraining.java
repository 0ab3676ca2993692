package io.recflow.ml.llara;

import io.recflow.ml.train.TrainConfig;

/**
 * How the language model is fine-tuned beyond the shared {@link TrainConfig} (epochs, batch size,
 * learning rate, warm-up share, seed, checkpoint period).
 *
 * @param microBatchSize       examples per forward pass; the batch's gradients accumulate over its micro-batches
 * @param candidates           candidates in each training prompt: the target and unseen items, re-drawn per example and step
 * @param loraDropout          dropout on the adapters' input (LLaRA/iLoRA: 0.1)
 * @param projectorWeightDecay L2 weight decay of the projector's group (LLaRA: 1e-5)
 * @param finalRateFraction    the cosine decay ends at this share of the peak rate (LLaRA: 1/100)
 */
public record LlaraTraining(TrainConfig train, int microBatchSize, int candidates, double loraDropout,
                            double projectorWeightDecay, double finalRateFraction) {

    public static final int DEFAULT_MICRO_BATCH = 2;
    public static final int DEFAULT_CANDIDATES = 20;
    public static final double DEFAULT_LORA_DROPOUT = 0.1;
    public static final double DEFAULT_PROJECTOR_WEIGHT_DECAY = 1e-5;
    public static final double DEFAULT_FINAL_RATE_FRACTION = 0.01;

    public LlaraTraining {
        if (microBatchSize < 1 || candidates < 1) {
            throw new IllegalArgumentException("microBatchSize and candidates must be >= 1");
        }
        if (!(loraDropout >= 0 && loraDropout < 1) || projectorWeightDecay < 0
                || !(finalRateFraction >= 0 && finalRateFraction <= 1)) {
            throw new IllegalArgumentException("dropout in [0, 1), weight decay >= 0, final rate fraction in [0, 1]");
        }
    }

    /** LLaRA's and iLoRA's recipe around {@code train}, in micro-batches of {@value #DEFAULT_MICRO_BATCH} for a CPU. */
    public static LlaraTraining defaults(TrainConfig train) {
        return new LlaraTraining(train, Math.min(DEFAULT_MICRO_BATCH, train.batchSize()), DEFAULT_CANDIDATES,
                DEFAULT_LORA_DROPOUT, DEFAULT_PROJECTOR_WEIGHT_DECAY, DEFAULT_FINAL_RATE_FRACTION);
    }
}
