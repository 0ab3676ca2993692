package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.nn.KeyValues;
import io.recflow.ml.train.Dropout;

import java.util.Random;

/** One pre-norm Llama decoder layer: h = x + attention(rms(x)), out = h + mlp(rms(h)). */
final class LlamaLayer {

    private final RmsNorm attentionNorm;
    private final LlamaAttention attention;
    private final RmsNorm mlpNorm;
    private final LlamaMlp mlp;

    LlamaLayer(RmsNorm attentionNorm, LlamaAttention attention, RmsNorm mlpNorm, LlamaMlp mlp) {
        this.attentionNorm = attentionNorm;
        this.attention = attention;
        this.mlpNorm = mlpNorm;
        this.mlp = mlp;
    }

    void attach(AdapterConfig config, Random random) {
        attention.attach(config, random);
        mlp.attach(config, random);
    }

    /** See {@link LlamaAttention#forward}. */
    LlamaAttention.Result forward(NDArray x, RotaryEmbedding.Angles angles, NDArray bias, KeyValues past,
                                  NDArray gate, Dropout dropout) {
        LlamaAttention.Result attended = attention.forward(attentionNorm.forward(x), angles, bias, past, gate,
                dropout);
        NDArray h = x.add(attended.output());
        return new LlamaAttention.Result(h.add(mlp.forward(mlpNorm.forward(h), gate, dropout)),
                attended.keyValues());
    }
}
