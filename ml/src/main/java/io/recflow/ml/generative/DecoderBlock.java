package io.recflow.ml.generative;

import ai.djl.ndarray.NDArray;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.train.ParameterStore;

import java.util.Random;

/** A pre-LN transformer block: x + attention(norm(x)), then x + feed-forward(norm(x)). */
final class DecoderBlock {

    private final LayerNorm attentionNorm;
    private final CausalSelfAttention attention;
    private final LayerNorm feedForwardNorm;
    private final FeedForward feedForward;

    DecoderBlock(ParameterStore store, String name, BackboneConfig config, Random random) {
        // GPT-2: residual projections start smaller, so the residual stream's variance does not grow with depth.
        double outputStd = Backbone.WEIGHT_STD / Math.sqrt(2.0 * config.layers());
        this.attentionNorm = new LayerNorm(store, name + ".attention_norm", config.hidden());
        this.attention = new CausalSelfAttention(store, name + ".attention", config, outputStd, random);
        this.feedForwardNorm = new LayerNorm(store, name + ".ffn_norm", config.hidden());
        this.feedForward = new FeedForward(store, name + ".ffn", config, outputStd, random);
    }

    void attach(AdapterConfig config, Random random) {
        attention.attach(config, random);
        feedForward.attach(config, random);
    }

    /** See {@link CausalSelfAttention#forward}; returns the block's output and its attention keys and values. */
    CausalSelfAttention.Result forward(NDArray x, int users, NDArray selfBias, KeyValues prefix, NDArray prefixBias,
                                       NDArray gate) {
        CausalSelfAttention.Result attended =
                attention.forward(attentionNorm.forward(x), users, selfBias, prefix, prefixBias, gate);
        NDArray h = x.add(attended.output());
        NDArray out = h.add(feedForward.forward(feedForwardNorm.forward(h), gate));
        return new CausalSelfAttention.Result(out, attended.keyValues());
    }
}
