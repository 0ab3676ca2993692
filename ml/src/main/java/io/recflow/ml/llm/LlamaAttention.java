package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.lora.AdaptedLinear;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.nn.KeyValues;
import io.recflow.ml.train.Dropout;

import java.util.List;
import java.util.Random;

/**
 * Grouped-query self-attention with rotary positions: {@code heads} query heads share
 * {@code kvHeads} key/value heads, query head h reading key/value head h / groups (as Hugging Face's
 * repeat_kv). Queries are viewed as (rows, kvHeads, groups, tokens, headSize) so that each key/value
 * head broadcasts over its group without being copied. What a query may see (causality, padding) is
 * the caller's additive bias.
 */
final class LlamaAttention {

    private final int kvHeads;
    private final int groups;
    private final int headSize;
    private final AdaptedLinear query;
    private final AdaptedLinear key;
    private final AdaptedLinear value;
    private final AdaptedLinear output;

    LlamaAttention(LlamaConfig config, AdaptedLinear query, AdaptedLinear key, AdaptedLinear value,
                   AdaptedLinear output) {
        this.kvHeads = config.kvHeads();
        this.groups = config.groups();
        this.headSize = config.headSize();
        this.query = query;
        this.key = key;
        this.value = value;
        this.output = output;
    }


    void attach(AdapterConfig config, Random random) {
        for (AdaptedLinear p : List.of(query, key, value, output)) {
            p.attach(config, random);
        }
    }

    record Result(NDArray output, KeyValues keyValues) {
    }

    /**
     * @param x      (rows, tokens, hidden)
     * @param angles rotations of the new tokens
     * @param bias   additive mask (rows, 1, 1, tokens, past + tokens)
     * @param past   keys and values (rows, kvHeads, past, headSize) of earlier tokens, or null
     * @param gate   the adapters' mixture per row (ExpertGate#mixture), or null
     * @param dropout the adapters' dropout (training), or null
     * @return the attention output and the keys and values of past and new tokens together
     */
    Result forward(NDArray x, RotaryEmbedding.Angles angles, NDArray bias, KeyValues past, NDArray gate,
                   Dropout dropout) {
        long rows = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        NDArray scale = x.getManager().full(new Shape(), (float) (1 / Math.sqrt(headSize)), DataType.FLOAT32);
        NDArray q = query.forward(x, gate, dropout).reshape(rows, tokens, kvHeads, groups, headSize).transpose(0, 2, 3, 1, 4);
        q = RotaryEmbedding.apply(q, angles.cos().expandDims(1), angles.sin().expandDims(1)).mul(scale);
        NDArray k = RotaryEmbedding.apply(heads(key.forward(x, gate, dropout), rows, tokens), angles.cos(), angles.sin());
        NDArray v = heads(value.forward(x, gate, dropout), rows, tokens);
        if (past != null) {
            k = past.keys().concat(k, 2);
            v = past.values().concat(v, 2);
        }
        NDArray scores = q.matMul(k.expandDims(2).swapAxes(3, 4)).add(bias);
        NDArray context = scores.softmax(-1).matMul(v.expandDims(2));
        NDArray merged = context.transpose(0, 3, 1, 2, 4).reshape(rows, tokens, (long) kvHeads * groups * headSize);
        return new Result(output.forward(merged, gate, dropout), new KeyValues(k, v));
    }

    /** (rows, tokens, kvHeads * headSize) to (rows, kvHeads, tokens, headSize). */
    private NDArray heads(NDArray x, long rows, long tokens) {
        return x.reshape(rows, tokens, kvHeads, headSize).transpose(0, 2, 1, 3);
    }
}
