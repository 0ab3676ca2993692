package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import io.recflow.ml.nn.LayerNorm;
import io.recflow.ml.train.ParameterStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * CaseQ's forward pass (Yang et al., NeurIPS 2022; the official Casseq.log2feats, model.py): the
 * {@link SequenceEmbedding} of the items, then the context tree's levels ({@link BranchingLayer}),
 * each mixing its experts by its gate, then a final layer norm. The output end is SASRec's, so the
 * two encoders are interchangeable. No dropout: training stays deterministic.
 */
final class CaseQNetwork implements EncoderNetwork {

    private final SequenceEmbedding embedding;
    private final List<BranchingLayer> levels = new ArrayList<>();
    private final LayerNorm finalNorm;

    CaseQNetwork(ParameterStore store, CaseQConfig config, int itemCount) {
        Random random = new Random(config.seed());
        this.embedding = new SequenceEmbedding(store, itemCount, config.maxLength(), config.hidden(), random);
        for (int l = 0; l < config.layers(); l++) {
            levels.add(new BranchingLayer(store, "level" + l, config, random));
        }
        this.finalNorm = new LayerNorm(store, "final_norm", config.hidden());
    }

    /** The final hidden states (B, T, d) and each level's gate log-probabilities (B, T, C). */
    record Pass(NDArray hidden, List<NDArray> gateLogProbabilities) {
    }

    Pass forward(NDArray inputIds) {
        NDArray bias = embedding.attentionBias(inputIds);
        NDArray x = embedding.embed(inputIds);
        List<NDArray> gates = new ArrayList<>(levels.size());
        for (BranchingLayer level : levels) {
            BranchingLayer.Output output = level.forward(x, bias);
            x = output.mixed();
            gates.add(output.gateLogProbabilities());
        }
        return new Pass(finalNorm.forward(x), gates);
    }

    @Override
    public SequenceEmbedding embedding() {
        return embedding;
    }

    @Override
    public NDArray hidden(NDArray inputIds) {
        return forward(inputIds).hidden();
    }
}
