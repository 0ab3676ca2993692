package io.recflow.ml.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.nn.AttentionPrefix;
import io.recflow.ml.nn.CausalSelfAttention;
import io.recflow.ml.nn.KeyValues;
import io.recflow.ml.nn.LayerNorm;
import io.recflow.ml.nn.TransformerBlock;
import io.recflow.ml.ops.BatchInvariantLinear;
import io.recflow.ml.train.Dropout;
import io.recflow.ml.train.Initialization;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.ParameterStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The decoder-only transformer over item tokens. A token's input is the sum of three embeddings:
 * its id, its level (which of the K codes of an item it is) and its item position. The output head
 * over the flat vocabulary is kept as one block per level, because the token after position j is
 * always of level j mod K ({@link TokenLayout}): scoring only that level's codes is the flat head
 * with every other level masked out, at 1/K of the cost.
 */
final class Backbone {

    private final Parameter tokenEmbedding;
    private final Parameter levelEmbedding;
    private final Parameter positionEmbedding;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final List<Parameter> headWeights = new ArrayList<>();
    private final List<Parameter> headBiases = new ArrayList<>();

    Backbone(ParameterStore store, BackboneConfig config, TokenLayout layout, int[] levelSizes, Random random) {
        int d = config.hidden();
        this.tokenEmbedding = embedding(store, "embedding.token", layout.vocabulary(), d, random);
        this.levelEmbedding = embedding(store, "embedding.level", layout.specialLevel() + 1, d, random);
        this.positionEmbedding = embedding(store, "embedding.position", layout.specialPosition() + 1, d, random);
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(new TransformerBlock(store, "block" + i, d, config.heads(), d * config.ffnMultiplier(),
                    config.layers(), random));
        }
        this.finalNorm = new LayerNorm(store, "final_norm", d);
        for (int l = 0; l < levelSizes.length; l++) {
            int size = levelSizes[l];
            headWeights.add(store.add("head.level" + l + ".weight", new Shape(size, d),
                    Initialization.normal(random, size * d, TransformerBlock.WEIGHT_STD)));
            headBiases.add(store.add("head.level" + l + ".bias", new Shape(size), new float[size]));
        }
    }

    private static Parameter embedding(ParameterStore store, String name, int rows, int d, Random random) {
        return store.add(name, new Shape(rows, d), Initialization.normal(random, rows * d, TransformerBlock.WEIGHT_STD));
    }

    /** Gives the q/k/v/o and feed-forward layers of every block a low-rank adapter. */
    void attach(AdapterConfig config, Random random) {
        blocks.forEach(b -> b.attach(config, random));
    }

    /** (rows, tokens) int64 ids to (rows, tokens, d) inputs. */
    NDArray embed(NDArray tokens, NDArray levels, NDArray positions) {
        return lookup(tokens, tokenEmbedding).add(lookup(levels, levelEmbedding)).add(lookup(positions, positionEmbedding));
    }

    private static NDArray lookup(NDArray ids, Parameter table) {
        return ids.getNDArrayInternal().embedding(ids, table.array(), SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * Training's pass over the embedded tokens {@code x}: final hidden states (rows, tokens, d); see {@link
     * TransformerBlock#forward(NDArray, NDArray, NDArray, Dropout)}. {@code dropout} (or null) drops out the
     * embeddings (GPT-2's {@code embd_pdrop}) and each block's residual branches.
     */
    NDArray run(NDArray x, NDArray selfBias, NDArray gate, Dropout dropout) {
        NDArray h = Dropout.apply(dropout, x);
        for (TransformerBlock block : blocks) {
            h = block.forward(h, selfBias, gate, dropout);
        }
        return finalNorm.forward(h);
    }

    /** Every block's layers folded for the users of one request, of {@code mixture} (users, 1, rank) or null. */
    List<TransformerBlock.Folded> fold(NDManager manager, NDArray mixture) {
        return blocks.stream().map(b -> b.fold(manager, mixture)).toList();
    }

    /** The final hidden states and every layer's keys and values. */
    record Pass(NDArray hidden, List<KeyValues> keyValues) {
    }

    /**
     * Inference's pass over {@code x} (users * rowsPerUser, tokens, d), rows grouped by user, with the
     * blocks {@link #fold folded} for those users; final hidden states in x's shape. {@code prefix} and
     * {@code past} hold one per layer (or are null); see {@link TransformerBlock#forward(TransformerBlock.Folded,
     * NDArray, long, long, NDArray, AttentionPrefix, KeyValues)} for them and the other arguments.
     */
    Pass run(List<TransformerBlock.Folded> weights, NDArray x, int users, NDArray selfBias,
             List<AttentionPrefix> prefix, List<KeyValues> past) {
        Shape shape = x.getShape();
        long rowsPerUser = shape.get(0) / users;
        long tokens = shape.get(1);
        List<KeyValues> keyValues = new ArrayList<>(blocks.size());
        NDArray h = x.reshape(users, rowsPerUser * tokens, shape.get(2));
        for (int i = 0; i < blocks.size(); i++) {
            CausalSelfAttention.Result r = blocks.get(i).forward(weights.get(i), h, rowsPerUser, tokens, selfBias,
                    prefix == null ? null : prefix.get(i), past == null ? null : past.get(i));
            h = r.output();
            keyValues.add(r.keyValues());
        }
        return new Pass(finalNorm.forward(h).reshape(shape), keyValues);
    }

    /** Unnormalised scores of the level-{@code level} codes from hidden states (..., d). */
    NDArray levelLogits(NDArray hidden, int level) {
        return BatchInvariantLinear.apply(hidden, headWeights.get(level).array(), headBiases.get(level).array());
    }
}
