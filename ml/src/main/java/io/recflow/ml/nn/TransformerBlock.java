package io.recflow.ml.nn;

import ai.djl.ndarray.NDArray;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.train.ParameterStore;

import java.util.Random;

/**
 * A pre-LN transformer block: x + attention(norm(x)), then x + feed-forward(norm(x)). The one block
 * of every model here: the generative backbone's layers, SASRec's layers and CaseQ's experts.
 */
public final class TransformerBlock {

    /** GPT-2's initial standard deviation for weights and embeddings. */
    public static final double WEIGHT_STD = 0.02;

    private final LayerNorm attentionNorm;
    private final CausalSelfAttention attention;
    private final LayerNorm feedForwardNorm;
    private final FeedForward feedForward;

    /**
     * @param ffnWidth the feed-forward layer's inner width
     * @param depth    blocks on the residual stream this block adds to, which scales its output projections
     */
    public TransformerBlock(ParameterStore store, String name, int hidden, int heads, int ffnWidth, int depth,
                            Random random) {
        // GPT-2: residual projections start smaller, so the residual stream's variance does not grow with depth.
        double outputStd = WEIGHT_STD / Math.sqrt(2.0 * depth);
        this.attentionNorm = new LayerNorm(store, name + ".attention_norm", hidden);
        this.attention = new CausalSelfAttention(store, name + ".attention", hidden, heads, outputStd, random);
        this.feedForwardNorm = new LayerNorm(store, name + ".ffn_norm", hidden);
        this.feedForward = new FeedForward(store, name + ".ffn", hidden, ffnWidth, outputStd, random);
    }

    public void attach(AdapterConfig config, Random random) {
        attention.attach(config, random);
        feedForward.attach(config, random);
    }

    /** See {@link CausalSelfAttention#forward}; returns the block's output and its attention keys and values. */
    public CausalSelfAttention.Result forward(NDArray x, int users, NDArray selfBias, KeyValues prefix,
                                              NDArray prefixBias, KeyValues past, NDArray gate) {
        CausalSelfAttention.Result attended =
                attention.forward(attentionNorm.forward(x), users, selfBias, prefix, prefixBias, past, gate);
        NDArray h = x.add(attended.output());
        NDArray out = h.add(feedForward.forward(feedForwardNorm.forward(h), gate));
        return new CausalSelfAttention.Result(out, attended.keyValues());
    }

    /** One row per sequence, no prefix, no adapter gate: {@code x} (rows, tokens, d), {@code bias} as selfBias. */
    public NDArray forward(NDArray x, NDArray bias) {
        return forward(x, (int) x.getShape().get(0), bias, null, null, null, null).output();
    }
}
