package io.recflow.ml.nn;

/** Additive attention biases: 0 where a query may look, {@link #MASKED} where it may not. */
public final class AttentionMasks {

    /** Added to attention scores of masked keys: large enough to vanish in softmax, finite so no row is NaN. */
    public static final float MASKED = -1e9f;

    private AttentionMasks() {
    }

    /** (length x length), row-major: token q sees tokens 0..q. */
    public static float[] causal(int length) {
        float[] bias = new float[length * length];
        for (int q = 0; q < length; q++) {
            for (int k = q + 1; k < length; k++) {
                bias[q * length + k] = MASKED;
            }
        }
        return bias;
    }
}
