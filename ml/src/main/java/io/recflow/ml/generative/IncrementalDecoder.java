package io.recflow.ml.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.lora.ExpertGate;
import io.recflow.ml.nn.AttentionMasks;
import io.recflow.ml.nn.AttentionPrefix;
import io.recflow.ml.nn.KeyValues;
import io.recflow.ml.nn.TransformerBlock;
import io.recflow.ml.ops.SizeClasses;

import java.util.Arrays;
import java.util.List;

/**
 * Inference over code prefixes that follow a history. The history's pass runs once per user and
 * keeps every layer's keys and values; each continuation (a beam, or a candidate teacher-forced)
 * then only runs its own at most K tokens, attending to that cache. All arrays live in the
 * caller's manager.
 */
final class IncrementalDecoder {

    private final Backbone backbone;
    private final TokenLayout layout;
    private final ExpertGate gate;

    /** @param gate the adapter's gate, or null when the backbone has no gated adapter */
    IncrementalDecoder(Backbone backbone, TokenLayout layout, ExpertGate gate) {
        this.backbone = backbone;
        this.layout = layout;
        this.gate = gate;
    }

    /**
     * Encoded histories: every layer's keys and values of them (with the mask of their padding), the
     * hidden state that predicts the first code, and the blocks' layers folded with each user's adapter
     * mixture, which every later pass of these users reuses.
     */
    record History(int users, List<AttentionPrefix> cache, NDArray last, List<TransformerBlock.Folded> weights) {
    }

    /**
     * The indexes of {@code histories} grouped by size class ({@link TokenLayout#slotsFor}), shortest class
     * first, each group in the histories' order: what {@link #encode} takes one at a time.
     */
    int[][] sizeClasses(int[][] histories) {
        return SizeClasses.group(histories.length, u -> layout.slotsFor(histories[u].length));
    }

    /**
     * Encodes {@code histories} in the slots of the longest one's size class ({@link TokenLayout#slotsFor}).
     * Pass histories of one size class: a history then gets the same result in any batch as alone.
     */
    History encode(NDManager manager, int[][] histories, float[][] gateInputs) {
        int longest = Arrays.stream(histories).mapToInt(h -> h.length).max().orElse(0);
        TokenLayout.Batch batch = layout.histories(histories, layout.slotsFor(longest));
        int users = batch.rows();
        int length = batch.length();
        NDArray x = backbone.embed(manager.create(batch.tokens(), new Shape(users, length)),
                manager.create(batch.levels(), new Shape(users, length)),
                manager.create(batch.positions(), new Shape(users, length)));
        NDArray keyBias = manager.create(batch.keyBias(), new Shape(users, 1, 1, 1, length));
        NDArray selfBias = manager.create(AttentionMasks.causal(length), new Shape(length, length)).add(keyBias);
        List<TransformerBlock.Folded> weights =
                backbone.fold(manager, gate == null ? null : gate.mixture(manager.create(gateInputs)));
        Backbone.Pass pass = backbone.run(weights, x, users, selfBias, null, null);
        NDArray last = pass.hidden().get(new NDIndex(":, -1, :"));
        List<AttentionPrefix> cache = pass.keyValues().stream().map(kv -> AttentionPrefix.of(kv, keyBias)).toList();
        return new History(users, cache, last, weights);
    }

    /**
     * Hidden states (users * rowsPerUser, l, d) of code prefixes fed after their user's history, as
     * many per user; {@code prefixes[u * rowsPerUser + i]} continues history u, and every prefix has the same
     * length l &lt; K. Position j predicts the code of level j + 1.
     */
    NDArray continueWith(NDManager manager, History history, int[][] prefixes) {
        int rows = prefixes.length;
        int length = prefixes[0].length;
        long[] levels = new long[rows * length];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = i % length;
        }
        // Every continuation token belongs to the target item, position 0.
        NDArray x = backbone.embed(manager.create(layout.continuationTokens(prefixes), new Shape(rows, length)),
                manager.create(levels, new Shape(rows, length)), manager.zeros(new Shape(rows, length),
                        DataType.INT64));
        NDArray selfBias = manager.create(AttentionMasks.causal(length), new Shape(length, length));
        return afterHistory(x, history, selfBias, null).hidden();
    }

    /**
     * One more code per row after its user's history and the row's earlier codes: hidden states
     * (users * rowsPerUser, 1, d), and every layer's keys and values of the row's codes so far, the
     * {@code past} of the next step. {@code codes[u * rowsPerUser + i]} is of level {@code level} and
     * continues history u; {@code past} holds the rows' keys and values of levels 0..level-1 (null
     * for level 0). Only the new code runs through the layers: beam search extends each beam by one
     * code per level, and recomputing its earlier codes at every level cost more than all the rest.
     */
    Backbone.Pass step(NDManager manager, History history, int[] codes, int level, List<KeyValues> past) {
        int rows = codes.length;
        long[] levels = new long[rows];
        Arrays.fill(levels, level);
        NDArray x = backbone.embed(manager.create(layout.levelTokens(level, codes), new Shape(rows, 1)),
                manager.create(levels, new Shape(rows, 1)), manager.zeros(new Shape(rows, 1), DataType.INT64));
        // The new code sees all of its row's earlier codes and itself: no mask.
        return afterHistory(x, history, null, past);
    }

    /** Runs rows {@code x} of each user after its encoded history, with the user's folded layers. */
    private Backbone.Pass afterHistory(NDArray x, History history, NDArray selfBias, List<KeyValues> past) {
        return backbone.run(history.weights(), x, history.users(), selfBias, history.cache(), past);
    }

    /** Log-probabilities over the level-{@code level} codes, (rows, level size), from hidden states (rows, d). */
    float[][] logProbabilities(NDArray hidden, int level) {
        NDArray logProbs = backbone.levelLogits(hidden, level).logSoftmax(-1);
        int rows = (int) logProbs.getShape().get(0);
        int size = (int) logProbs.getShape().get(1);
        float[] flat = logProbs.toFloatArray();
        float[][] out = new float[rows][size];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * size, out[r], 0, size);
        }
        return out;
    }
}
