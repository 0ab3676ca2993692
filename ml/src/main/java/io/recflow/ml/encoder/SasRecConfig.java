package io.recflow.ml.encoder;

/**
 * Hyper-parameters of {@link SasRec}: the common {@link EncoderSettings} plus the number of
 * transformer layers and attention heads.
 */
public record SasRecConfig(int hidden, int layers, int heads, int maxLength, int epochs, int batchSize,
        double learningRate, long seed) {

    public SasRecConfig {
        new EncoderSettings(hidden, maxLength, epochs, batchSize, learningRate, seed); // validates the common part
        if (layers < 1 || heads < 1) {
            throw new IllegalArgumentException("layers and heads must be >= 1: " + layers + ", " + heads);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden (" + hidden + ") must be a multiple of heads (" + heads + ")");
        }
    }

    public static SasRecConfig of(EncoderSettings s, int layers, int heads) {
        return new SasRecConfig(s.hidden(), layers, heads, s.maxLength(), s.epochs(), s.batchSize(), s.learningRate(),
                s.seed());
    }

    /** SASRec's published shape for the common settings: 2 layers, 2 heads (no dropout, to stay deterministic). */
    public static SasRecConfig from(EncoderSettings s) {
        return of(s, 2, 2);
    }

    public static SasRecConfig defaults() {
        return from(EncoderSettings.defaults());
    }

    public EncoderSettings settings() {
        return new EncoderSettings(hidden, maxLength, epochs, batchSize, learningRate, seed);
    }
}
