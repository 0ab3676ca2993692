package io.recflow.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.lora.AdaptedLinear;
import io.recflow.ml.train.ParameterStore;

import java.util.Random;

/**
 * Multi-head self-attention from NDArray ops, with adaptable q/k/v/o projections. What a token may
 * see (causality, padding) is the caller's additive bias ({@link AttentionMasks}).
 *
 * <p>Rows are grouped by user: a pass over {@code users * rowsPerUser} rows may also attend to a
 * {@code prefix} of keys and values computed once per user (the encoded history), which broadcasts
 * over that user's rows. Training and history encoding use one row per user and no prefix; beam
 * search and candidate scoring use one row per beam or candidate; beam search also keeps each row's own
 * keys and values ({@code past}) from one code to the next.
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

    /**
     * @param x          (users * rowsPerUser, tokens, d)
     * @param selfBias   additive mask over the rows' own tokens, broadcastable to
     *                   (users, rowsPerUser, heads, tokens, tokens)
     * @param prefix     per-user keys and values to attend to before the own tokens, or null
     * @param prefixBias additive mask over the prefix tokens, (users, 1, 1, 1, prefix tokens), or null
     * @param past       per-row keys and values of the rows' earlier tokens, (users, rowsPerUser, heads, past
     *                   tokens, head size), attended to after the prefix and before the own tokens (selfBias
     *                   then spans past and own tokens), or null
     * @param gate       the adapters' mixture per row ({@link io.recflow.ml.lora.ExpertGate#mixture}), or null
     */
    public Result forward(NDArray x, int users, NDArray selfBias, KeyValues prefix, NDArray prefixBias, KeyValues past,
                          NDArray gate) {
        long rows = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        NDArray scale = x.getManager().full(new Shape(), (float) (1 / Math.sqrt(headSize)), DataType.FLOAT32);
        NDArray q = split(query.forward(x, gate), users).mul(scale);
        NDArray k = split(key.forward(x, gate), users);
        NDArray v = split(value.forward(x, gate), users);
        if (past != null) {
            k = past.keys().concat(k, 3);
            v = past.values().concat(v, 3);
        }
        NDArray scores = q.matMul(k.swapAxes(3, 4)).add(selfBias);
        NDArray context;
        if (prefix == null) {
            context = scores.softmax(-1).matMul(v);
        } else {
            long prefixTokens = prefix.keys().getShape().get(3);
            long rowsPerUser = rows / users;
            // One matmul per user and head over all its rows' tokens: a matmul broadcast over (users, rows,
            // heads) runs that many tiny products, whose overhead cost beam search most of its time.
            NDArray prefixScores = fromUserMajor(toUserMajor(q).matMul(userMajorPrefix(prefix.keys()).swapAxes(2, 3)),
                    rowsPerUser, tokens).add(prefixBias);
            NDArray weights = prefixScores.concat(scores, -1).softmax(-1);
            NDArray prefixContext = toUserMajor(weights.get(new NDIndex("..., :{}", prefixTokens)))
                    .matMul(userMajorPrefix(prefix.values()));
            context = fromUserMajor(prefixContext, rowsPerUser, tokens)
                    .add(weights.get(new NDIndex("..., {}:", prefixTokens)).matMul(v));
        }
        NDArray merged = context.transpose(0, 1, 3, 2, 4).reshape(rows, tokens, (long) heads * headSize);
        return new Result(output.forward(merged, gate), new KeyValues(k, v));
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

    /** A prefix's (users, 1, heads, prefix tokens, head size) as (users, heads, prefix tokens, head size). */
    private static NDArray userMajorPrefix(NDArray prefix) {
        Shape s = prefix.getShape();
        return prefix.reshape(s.get(0), s.get(2), s.get(3), s.get(4));
    }

    /** (users * rowsPerUser, tokens, d) to (users, rowsPerUser, heads, tokens, head size). */
    private NDArray split(NDArray x, int users) {
        long rows = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        return x.reshape(users, rows / users, tokens, heads, headSize).transpose(0, 1, 3, 2, 4);
    }
}
