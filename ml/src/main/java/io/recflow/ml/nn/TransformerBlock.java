package io.recflow.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.train.Dropout;
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

    /** The block's layers folded for the users of one request ({@link io.recflow.ml.lora.AdaptedLinear#fold}). */
    public record Folded(CausalSelfAttention.Folded attention, FeedForward.Folded feedForward) {
    }

    public Folded fold(NDManager manager, NDArray mixture) {
        return new Folded(attention.fold(manager, mixture), feedForward.fold(manager, mixture));
    }

    /**
     * Training's pass: {@code x} (rows, tokens, d); see {@link CausalSelfAttention#forward(NDArray, NDArray,
     * NDArray)} for the bias and the gate. {@code dropout} (or null for none) drops out what each branch adds
     * to the residual stream, as GPT-2's {@code resid_pdrop} does.
     */
    public NDArray forward(NDArray x, NDArray selfBias, NDArray gate, Dropout dropout) {
        NDArray h = x.add(Dropout.apply(dropout, attention.forward(attentionNorm.forward(x), selfBias, gate)));
        return h.add(Dropout.apply(dropout, feedForward.forward(feedForwardNorm.forward(h), gate)));
    }

    /** One row per sequence, no adapter gate, no dropout: {@code x} (rows, tokens, d), {@code bias} as selfBias. */
    public NDArray forward(NDArray x, NDArray bias) {
        return forward(x, bias, null, null);
    }

    /**
     * Inference's pass with folded layers: {@code x} (users, rowsPerUser * tokens, d); see {@link
     * CausalSelfAttention#forward(CausalSelfAttention.Folded, NDArray, long, long, NDArray, AttentionPrefix,
     * KeyValues)}. Returns the block's output and its attention keys and values.
     */
    public CausalSelfAttention.Result forward(Folded weights, NDArray x, long rowsPerUser, long tokens,
                                              NDArray selfBias, AttentionPrefix prefix, KeyValues past) {
        CausalSelfAttention.Result attended = attention.forward(weights.attention(), attentionNorm.forward(x),
                rowsPerUser, tokens, selfBias, prefix, past);
        NDArray h = x.add(attended.output());
        NDArray out = h.add(FeedForward.forward(weights.feedForward(), feedForwardNorm.forward(h)));
        return new CausalSelfAttention.Result(out, attended.keyValues());
    }
}
