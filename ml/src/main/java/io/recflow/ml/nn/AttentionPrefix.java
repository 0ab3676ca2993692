package io.recflow.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values that every row of a user attends to before its own tokens (the user's encoded
 * history), laid out once for {@link CausalSelfAttention}'s per-user matmuls rather than in every pass
 * that reads them: keys (users, heads, head size, tokens), values (users, heads, tokens, head size), and
 * the additive mask of the prefix's padding, (users, 1, 1, 1, tokens).
 */
public record AttentionPrefix(NDArray keys, NDArray values, NDArray bias) {

    /** From a pass's keys and values, (users, 1, heads, tokens, head size) each. */
    public static AttentionPrefix of(KeyValues keyValues, NDArray bias) {
        return new AttentionPrefix(packed(perUser(keyValues.keys()).swapAxes(2, 3)), packed(perUser(keyValues.values())),
                bias);
    }

    long tokens() {
        return values.getShape().get(2);
    }

    private static NDArray perUser(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(2), s.get(3), s.get(4));
    }

    /**
     * {@code x} (users, heads, a, b) copied once into the layout a matmul over (users * heads) reads: the
     * fused projection leaves heads interleaved with tokens, and the matmul would otherwise copy the prefix
     * again in every pass that attends to it (a fifth of beam search's copying).
     */
    private static NDArray packed(NDArray x) {
        Shape s = x.getShape();
        // Merging users and heads is no view of this layout, so reshape copies; splitting them again is one.
        return x.reshape(s.get(0) * s.get(1), s.get(2), s.get(3)).reshape(s);
    }
}
