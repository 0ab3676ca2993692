package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import io.recflow.ml.nn.LayerNorm;
import io.recflow.ml.nn.TransformerBlock;
import io.recflow.ml.train.ParameterStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * SASRec's forward pass (Kang and McAuley 2018): the {@link SequenceEmbedding} of the items, then
 * pre-LN blocks of causal multi-head self-attention and a point-wise feed-forward layer whose inner
 * size is the hidden size (as in the paper), then a final layer norm. No dropout: training stays
 * deterministic. Initial values come from {@code seed} alone.
 */
final class SasRecNetwork implements EncoderNetwork {

    private final SequenceEmbedding embedding;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;

    SasRecNetwork(ParameterStore store, SasRecConfig config, int itemCount) {
        Random random = new Random(config.seed());
        int d = config.hidden();
        this.embedding = new SequenceEmbedding(store, itemCount, config.maxLength(), d, random);
        for (int l = 0; l < config.layers(); l++) {
            blocks.add(new TransformerBlock(store, "block" + l, d, config.heads(), d, config.layers(), random));
        }
        this.finalNorm = new LayerNorm(store, "final_norm", d);
    }

    @Override
    public SequenceEmbedding embedding() {
        return embedding;
    }

    @Override
    public NDArray hidden(NDArray inputIds) {
        NDArray bias = embedding.attentionBias(inputIds);
        NDArray x = embedding.embed(inputIds);
        for (TransformerBlock block : blocks) {
            x = block.forward(x, bias);
        }
        return finalNorm.forward(x);
    }
}
