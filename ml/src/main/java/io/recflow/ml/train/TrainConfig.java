package io.recflow.ml.train;

/**
 * How to run one training phase.
 *
 * @param warmupFraction  share of all steps spent warming the learning rate up linearly
 * @param seed            drives the per-epoch shuffling (and, for a fine-tuning phase, the adapter's initial values)
 * @param checkpointEvery steps between checkpoint callbacks
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double warmupFraction, long seed,
                          int checkpointEvery) {

    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final double DEFAULT_LEARNING_RATE = 5e-4;
    public static final double DEFAULT_WARMUP_FRACTION = 0.05;
    public static final int DEFAULT_CHECKPOINT_EVERY = 50;

    public TrainConfig {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, was " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException("warmupFraction must be in [0, 1), was " + warmupFraction);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be >= 1, was " + checkpointEvery);
        }
    }

    public static TrainConfig defaults(int epochs, long seed) {
        return new TrainConfig(epochs, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_WARMUP_FRACTION, seed,
                DEFAULT_CHECKPOINT_EVERY);
    }
}
