package io.recflow.ml.encoder;

import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.train.ParameterStore;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingLoop;

/**
 * What every sequence encoder is configured by, so that a pipeline can choose the encoder by name
 * ({@link SequenceEncoders#train}) and still size and seed it; each model's own knobs keep their
 * defaults there. {@code maxLength} is both the longest history read (older items are dropped) and
 * the length of every training window.
 */
public record EncoderSettings(int hidden, int maxLength, int epochs, int batchSize, double learningRate, long seed) {

    public EncoderSettings {
        if (hidden < 1 || maxLength < 1 || epochs < 0 || batchSize < 1) {
            throw new IllegalArgumentException("hidden, maxLength, batchSize must be >= 1 and epochs >= 0, were "
                    + hidden + ", " + maxLength + ", " + batchSize + " and " + epochs);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
    }

    /**
     * d=64, histories of 50, batches of 128, Adam at 1e-3 (SASRec's published setting), 20 epochs:
     * on the default synthetic data the held-out NDCG@10 plateaus after about 10.
     */
    public static EncoderSettings defaults() {
        return new EncoderSettings(64, 50, 20, 128, 1e-3, 42);
    }

    /**
     * A training loop for an encoder; no checkpoints, because an encoder trains in minutes and a
     * retried activity retrains it.
     */
    TrainingLoop trainingLoop(String phase, ParameterStore parameters, EncoderSchedule schedule,
            ProgressListener listener) {
        TrainConfig config = new TrainConfig(epochs, batchSize, learningRate, schedule.warmupFraction, seed,
                Integer.MAX_VALUE);
        return new TrainingLoop(phase, parameters, config, new TrainingHooks(listener, null), schedule.cosineDecay);
    }
}
