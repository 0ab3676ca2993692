package io.recflow.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.lora.AdaptedLinear;
import io.recflow.ml.lora.FoldedLinear;
import io.recflow.ml.ops.BatchInvariantLinear;
import io.recflow.ml.train.ParameterStore;

import java.util.List;
import java.util.Random;

/**
 * Multi-head self-attention from NDArray ops, with adaptable q/k/v/o projections. What a token may
 * see (causality, padding) is the caller's additive bias ({@link AttentionMasks}).
 *
 * <p>Two passes. Training's: one row per sequence, each projection with its adapter computed per row.
 * Inference's: the projections {@link #fold folded} for the request's users, rows grouped by user, and a
 * row may also attend to a {@code prefix} of keys and values computed once per user (the encoded
 * history), which broadcasts over that user's rows. History encoding uses one row per user and no
 * prefix; beam search and candidate scoring use one row per beam or candidate; beam search also keeps
 * each row's own keys and values ({@code past}) from one code to the next.
 */
public final class CausalSelfAttention {

    private final int heads;
    private final int headSize;
    private final AdaptedLinear query;
    private final AdaptedLinear key;
    private final AdaptedLinear value;
    private final AdaptedLinear output;

    /** q/k/v weights from N(0, {@link TransformerBlock#WEIGHT_STD}), the output projection's from N(0, outputStd). */
    public CausalSelfAttention(ParameterStore store, String name, int hidden, int heads, double outputStd,
                               Random random) {
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden (" + hidden + ") must be a multiple of heads (" + heads + ")");
        }
        this.heads = heads;
        this.headSize = hidden / heads;
        this.query = new AdaptedLinear(store, name + ".q", hidden, hidden, TransformerBlock.WEIGHT_STD, random);
        this.key = new AdaptedLinear(store, name + ".k", hidden, hidden, TransformerBlock.WEIGHT_STD, random);
        this.value = new AdaptedLinear(store, name + ".v", hidden, hidden, TransformerBlock.WEIGHT_STD, random);
        this.output = new AdaptedLinear(store, name + ".o", hidden, hidden, outputStd, random);
    }

    public void attach(AdapterConfig config, Random random) {
        query.attach(config, random);
        key.attach(config, random);
        value.attach(config, random);
        output.attach(config, random);
    }

    public record Result(NDArray output, KeyValues keyValues) {
    }

    /** The projections of one request, folded for inference: q (pre-scaled), k and v as one, and the output. */
    public record Folded(FoldedLinear queryKeyValue, FoldedLinear output) {
    }

    /**
     * Training's pass (and the encoders'): one row per sequence, no prefix or past.
     *
     * @param x        (rows, tokens, d)
     * @param selfBias additive mask over the tokens, broadcastable to (rows, 1, heads, tokens, tokens)
     * @param gate     the adapters' mixture per row ({@link io.recflow.ml.lora.ExpertGate#mixture}), or null
     */
    public NDArray forward(NDArray x, NDArray selfBias, NDArray gate) {
        long rows = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        NDArray q = split(query.forward(x, gate), rows, tokens).mul(scale(x.getManager()));
        NDArray k = split(key.forward(x, gate), rows, tokens);
        NDArray v = split(value.forward(x, gate), rows, tokens);
        NDArray context = attend(q, k, v, selfBias, null);
        return output.forward(merge(context, rows, tokens), gate);
    }

    /** The projections with their adapters folded in for the users of one request ({@link AdaptedLinear#fold}). */
    public Folded fold(NDManager manager, NDArray mixture) {
        FoldedLinear q = query.fold(manager, mixture).scaled(scale(manager));
        return new Folded(FoldedLinear.concat(manager, List.of(q, key.fold(manager, mixture),
                value.fold(manager, mixture))), output.fold(manager, mixture));
    }

    /**
     * Inference's pass, rows grouped by user.
     *
     * @param x           (users, rowsPerUser * tokens, d): each user's rows, each row's tokens
     * @param selfBias    additive mask over the rows' own tokens, broadcastable to
     *                    (users, rowsPerUser, heads, tokens, tokens), or null when each token sees them all
     * @param prefix      per-user keys and values to attend to before the own tokens, or null
     * @param past        per-row keys and values of the rows' earlier tokens, (users, rowsPerUser, heads, past
     *                    tokens, head size), attended to after the prefix and before the own tokens (selfBias
     *                    then spans past and own tokens), or null
     * @return the output, (users, rowsPerUser * tokens, d), and the rows' keys and values (past and own)
     */
    public Result forward(Folded weights, NDArray x, long rowsPerUser, long tokens, NDArray selfBias,
                          AttentionPrefix prefix, KeyValues past) {
        long users = x.getShape().get(0);
        // (users, rows, tokens, 3, heads, head size) to (3, users, rows, heads, tokens, head size)
        NDArray qkv = weights.queryKeyValue().apply(x).reshape(users, rowsPerUser, tokens, 3, heads, headSize)
                .transpose(3, 0, 1, 4, 2, 5);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        if (past != null) {
            k = past.keys().concat(k, 3);
            v = past.values().concat(v, 3);
        }
        NDArray context = attend(q, k, v, selfBias, prefix);
        return new Result(weights.output().apply(merge(context, users, rowsPerUser * tokens)), new KeyValues(k, v));
    }

    /**
     * Scaled dot-product attention of q (pre-scaled) over the prefix's keys and values, if any, then
     * k and v, all (users, rowsPerUser, heads, tokens, head size); returns the context, in that shape.
     */
    private static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray selfBias, AttentionPrefix prefix) {
        NDArray scores = q.matMul(k.swapAxes(3, 4));
        if (selfBias != null) {
            scores = scores.add(selfBias);
        }
        if (prefix == null) {
            return scores.softmax(-1).matMul(v);
        }
        long rowsPerUser = q.getShape().get(1);
        long tokens = q.getShape().get(3);
        // One matmul per user and head over all its rows' tokens: a matmul broadcast over (users, rows,
        // heads) runs that many tiny products, whose overhead cost beam search most of its time. How many
        // rows a user has depends on the request's other users (candidates are padded to the most any
        // user has), so the products keep each row's result independent of it.
        NDArray prefixScores = fromUserMajor(BatchInvariantLinear.matMul(toUserMajor(q), 2, prefix.keys()),
                rowsPerUser, tokens).add(prefix.bias());
        NDArray weights = prefixScores.concat(scores, -1).softmax(-1);
        NDArray prefixContext = BatchInvariantLinear.matMul(
                toUserMajor(weights.get(new NDIndex("..., :{}", prefix.tokens()))), 2, prefix.values());
        return fromUserMajor(prefixContext, rowsPerUser, tokens)
                .add(weights.get(new NDIndex("..., {}:", prefix.tokens())).matMul(v));
    }

    private NDArray scale(NDManager manager) {
        return manager.full(new Shape(), (float) (1 / Math.sqrt(headSize)), DataType.FLOAT32);
    }

    /** (a, b', heads, b'', head size) to (a, b' * b'' = b, d): the heads side by side again. */
    private NDArray merge(NDArray context, long a, long b) {
        return context.transpose(0, 1, 3, 2, 4).reshape(a, b, (long) heads * headSize);
    }

    /** (users, rowsPerUser, heads, tokens, n) to (users, heads, rowsPerUser * tokens, n). */
    private static NDArray toUserMajor(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3, 4).reshape(s.get(0), s.get(2), s.get(1) * s.get(3), s.get(4));
    }

    /** The inverse of {@link #toUserMajor}, given rowsPerUser and tokens. */
    private static NDArray fromUserMajor(NDArray x, long rowsPerUser, long tokens) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), rowsPerUser, tokens, s.get(3)).transpose(0, 2, 1, 3, 4);
    }

    /** (rows, tokens, d) to (rows, 1, heads, tokens, head size), the layout {@link #attend} reads. */
    private NDArray split(NDArray x, long rows, long tokens) {
        return x.reshape(rows, 1, tokens, heads, headSize).transpose(0, 1, 3, 2, 4);
    }
}
