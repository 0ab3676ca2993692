package io.recflow.ml.generative;

/**
 * The shape of the decoder-only backbone.
 *
 * @param hidden        model width d
 * @param layers        transformer blocks
 * @param heads         attention heads (must divide {@code hidden})
 * @param historyLength most recent history items the backbone reads (each as K tokens)
 * @param ffnMultiplier the feed-forward layer's inner width as a multiple of {@code hidden}
 */
public record BackboneConfig(int hidden, int layers, int heads, int historyLength, int ffnMultiplier) {

    public BackboneConfig {
        if (hidden < 1 || layers < 1 || heads < 1 || historyLength < 1 || ffnMultiplier < 1) {
            throw new IllegalArgumentException("every backbone size must be >= 1");
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden (" + hidden + ") must be a multiple of heads (" + heads + ")");
        }
    }

    /** d=64, 2 layers, 2 heads, the last 20 items, a 4x feed-forward layer. */
    public static BackboneConfig defaults() {
        return new BackboneConfig(64, 2, 2, 20, 4);
    }
}
