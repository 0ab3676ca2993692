package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

import java.util.Random;

/**
 * SASRec's forward pass (Kang and McAuley 2018) written with NDArray operations: item embedding
 * (row 0 is padding, item {@code i} is row {@code i + 1}) plus a learned positional embedding, then
 * pre-LN blocks of causal multi-head self-attention and a point-wise feed-forward layer (inner size
 * = hidden, ReLU, as in the paper), then a final layer norm. Inputs are left-padded to
 * {@code maxLength}, so the newest item always sits in the last slot and carries the last position
 * embedding, in training and at inference alike. No dropout: training stays deterministic.
 */
final class SasRecNetwork {

    static final int PADDING = 0;
    private static final float LAYER_NORM_EPSILON = 1e-5f;
    /** Added to the scores of masked keys; finite, so an all-masked row (pure padding) stays NaN-free. */
    private static final float MASKED = -1e9f;

    private final SasRecConfig config;
    private final int itemCount;
    private final Parameters parameters;

    SasRecNetwork(Parameters parameters, SasRecConfig config, int itemCount) {
        this.parameters = parameters;
        this.config = config;
        this.itemCount = itemCount;
        checkShapes();
    }

    /** Declares every parameter with its initial value: N(0, 0.02) embeddings, Xavier weights, zero biases. */
    static Parameters initialise(NDManager manager, SasRecConfig config, int itemCount) {
        Random random = new Random(config.seed());
        Parameters p = new Parameters(manager);
        int d = config.hidden();
        p.normal("item_embedding", random, 0.02, itemCount + 1, d);
        p.normal("position_embedding", random, 0.02, config.maxLength(), d);
        for (int l = 0; l < config.layers(); l++) {
            String block = "block" + l + ".";
            layerNorm(p, block + "attention_norm", d);
            for (String projection : new String[] {"query", "key", "value", "output"}) {
                linear(p, random, block + projection, d, d);
            }
            layerNorm(p, block + "ffn_norm", d);
            linear(p, random, block + "ffn_inner", d, d);
            linear(p, random, block + "ffn_outer", d, d);
        }
        layerNorm(p, "final_norm", d);
        return p;
    }

    private static void layerNorm(Parameters p, String name, int d) {
        p.constant(name + ".gamma", 1f, d);
        p.constant(name + ".beta", 0f, d);
    }

    private static void linear(Parameters p, Random random, String name, int out, int in) {
        p.xavier(name + ".weight", random, out, in);
        p.constant(name + ".bias", 0f, out);
    }

    /** Fails fast when loaded parameters do not match this architecture. */
    private void checkShapes() {
        int d = config.hidden();
        parameters.get("item_embedding", itemCount + 1, d);
        parameters.get("position_embedding", config.maxLength(), d);
        for (int l = 0; l < config.layers(); l++) {
            String block = "block" + l + ".";
            for (String norm : new String[] {"attention_norm", "ffn_norm"}) {
                parameters.get(block + norm + ".gamma", d);
                parameters.get(block + norm + ".beta", d);
            }
            for (String projection : new String[] {"query", "key", "value", "output", "ffn_inner", "ffn_outer"}) {
                parameters.get(block + projection + ".weight", d, d);
                parameters.get(block + projection + ".bias", d);
            }
        }
        parameters.get("final_norm.gamma", d);
        parameters.get("final_norm.beta", d);
        if (parameters.all().size() != 2 + config.layers() * 16 + 2) {
            throw new IllegalArgumentException("unexpected extra parameters: " + parameters.all().keySet());
        }
    }

    /** Hidden states (B, T, d) for padded input ids (B, T) of type int64 (item index + 1, 0 = padding). */
    NDArray hidden(NDArray inputIds) {
        NDManager manager = inputIds.getManager();
        int d = config.hidden();
        NDArray valid = inputIds.neq(manager.full(new Shape(), PADDING, DataType.INT64)).toType(DataType.FLOAT32, false);
        NDArray x = Embedding.embedding(inputIds, parameters.get("item_embedding", itemCount + 1, d), SparseFormat.DENSE)
                .singletonOrThrow()
                .add(parameters.get("position_embedding", config.maxLength(), d))
                .mul(valid.expandDims(2));
        NDArray mask = attentionMask(valid);
        for (int l = 0; l < config.layers(); l++) {
            x = block(x, mask, "block" + l + ".");
        }
        return norm(x, "final_norm");
    }

    /** Next-item logits (..., itemCount) for hidden states (..., d): dot products with the item embeddings. */
    NDArray logits(NDArray hidden) {
        return hidden.matMul(itemEmbeddings().transpose());
    }

    /** The embeddings of the real items (itemCount, d), without the padding row. */
    NDArray itemEmbeddings() {
        return parameters.get("item_embedding", itemCount + 1, config.hidden()).get(new NDIndex("1:"));
    }

    /**
     * Additive mask (B, 1, T, T): slot t may attend to slots <= t that hold an item. A padding query
     * attends to nothing real; its output is ignored by the loss and by {@code represent}.
     */
    private NDArray attentionMask(NDArray valid) {
        NDManager manager = valid.getManager();
        int t = config.maxLength();
        float[] causal = new float[t * t];
        for (int row = 0; row < t; row++) {
            for (int col = row + 1; col < t; col++) {
                causal[row * t + col] = MASKED;
            }
        }
        NDArray future = manager.create(causal, new Shape(1, 1, t, t));
        NDArray padding = valid.sub(manager.full(new Shape(), 1f, DataType.FLOAT32))
                .mul(manager.full(new Shape(), -MASKED, DataType.FLOAT32))
                .reshape(-1, 1, 1, t);
        return future.add(padding);
    }

    private NDArray block(NDArray x, NDArray mask, String block) {
        NDArray attended = attention(norm(x, block + "attention_norm"), mask, block);
        x = x.add(attended);
        NDArray inner = Activation.relu(linear(norm(x, block + "ffn_norm"), block + "ffn_inner"));
        return x.add(linear(inner, block + "ffn_outer"));
    }

    private NDArray attention(NDArray x, NDArray mask, String block) {
        int t = config.maxLength();
        int heads = config.heads();
        int headSize = config.hidden() / heads;
        NDArray q = splitHeads(linear(x, block + "query"), heads, headSize);
        NDArray k = splitHeads(linear(x, block + "key"), heads, headSize);
        NDArray v = splitHeads(linear(x, block + "value"), heads, headSize);
        NDArray scale = x.getManager().full(new Shape(), (float) (1 / Math.sqrt(headSize)), DataType.FLOAT32);
        NDArray weights = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(mask).softmax(-1);
        NDArray context = weights.matMul(v).transpose(0, 2, 1, 3).reshape(-1, t, config.hidden());
        return linear(context, block + "output");
    }

    /** (B, T, d) -> (B, heads, T, d / heads). */
    private NDArray splitHeads(NDArray x, int heads, int headSize) {
        return x.reshape(-1, config.maxLength(), heads, headSize).transpose(0, 2, 1, 3);
    }

    private NDArray linear(NDArray x, String name) {
        int d = config.hidden();
        return Linear.linear(x, parameters.get(name + ".weight", d, d), parameters.get(name + ".bias", d))
                .singletonOrThrow();
    }

    private NDArray norm(NDArray x, String name) {
        int d = config.hidden();
        return LayerNorm.layerNorm(x, new Shape(d), parameters.get(name + ".gamma", d),
                parameters.get(name + ".beta", d), LAYER_NORM_EPSILON).singletonOrThrow();
    }
}
