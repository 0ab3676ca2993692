package io.recflow.ml.encoder;

/**
 * Hyper-parameters of {@link SasRec}. {@code maxLength} is both the longest history the model reads
 * (older items are dropped) and the length of every training window.
 */
public record SasRecConfig(int hidden, int layers, int heads, int maxLength, int epochs, int batchSize,
        double learningRate, long seed) {

    public SasRecConfig {
        if (hidden < 1 || layers < 1 || heads < 1 || maxLength < 1 || epochs < 0 || batchSize < 1) {
            throw new IllegalArgumentException("hidden, layers, heads, maxLength, batchSize must be >= 1 and epochs >= 0: "
                    + this);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden (" + hidden + ") must be a multiple of heads (" + heads + ")");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
    }

    /**
     * d=64, 2 layers, 2 heads, histories of 50, Adam at 1e-3 (SASRec's published setting, without
     * dropout), 20 epochs: on the default synthetic data the held-out NDCG@10 plateaus after about 10.
     */
    public static SasRecConfig defaults() {
        return new SasRecConfig(64, 2, 2, 50, 20, 128, 1e-3, 42);
    }
}
