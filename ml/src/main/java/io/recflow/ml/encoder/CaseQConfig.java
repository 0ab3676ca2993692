package io.recflow.ml.encoder;

/**
 * Hyper-parameters of {@link CaseQ}: the common {@link EncoderSettings}, the context tree
 * ({@code layers} levels of {@code contexts} branches, so contexts^layers leaf contexts), the
 * attention heads of each expert, and the variational backdoor adjustment: the weight of
 * KL(q(c|S) || p(c)) and how many random pseudo-sequences estimate the prior p(c) at each step.
 */
public record CaseQConfig(int hidden, int layers, int contexts, int heads, int maxLength, int epochs, int batchSize,
        double learningRate, long seed, double klWeight, int pseudoSequences) {

    public CaseQConfig {
        new EncoderSettings(hidden, maxLength, epochs, batchSize, learningRate, seed); // validates the common part
        if (layers < 1 || contexts < 1 || heads < 1 || pseudoSequences < 1) {
            throw new IllegalArgumentException("layers, contexts, heads and pseudoSequences must be >= 1, were "
                    + layers + ", " + contexts + ", " + heads + " and " + pseudoSequences);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden (" + hidden + ") must be a multiple of heads (" + heads + ")");
        }
        if (!(klWeight >= 0)) {
            throw new IllegalArgumentException("klWeight must be >= 0, was " + klWeight);
        }
    }

    /**
     * The official code's defaults for the common settings: 2 levels of 3 contexts, KL weight 0.5,
     * 5 pseudo-sequences (main.py: --num_layers 2, --num_context 3, --kl 0.5, --N 5), and experts
     * with SASRec's 2 heads.
     */
    public static CaseQConfig from(EncoderSettings s) {
        return of(s, 2, 3, 2, 0.5, 5);
    }

    public static CaseQConfig of(EncoderSettings s, int layers, int contexts, int heads, double klWeight,
            int pseudoSequences) {
        return new CaseQConfig(s.hidden(), layers, contexts, heads, s.maxLength(), s.epochs(), s.batchSize(),
                s.learningRate(), s.seed(), klWeight, pseudoSequences);
    }

    public static CaseQConfig defaults() {
        return from(EncoderSettings.defaults());
    }

    public EncoderSettings settings() {
        return new EncoderSettings(hidden, maxLength, epochs, batchSize, learningRate, seed);
    }

    /** Leaf contexts of the tree: contexts^layers. */
    public int leafContexts() {
        return Math.toIntExact(Math.round(Math.pow(contexts, layers)));
    }
}
