package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.ops.SizeClasses;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.recommend.TopK;
import io.recflow.ml.train.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Batched inference of an {@link EncoderNetwork}: representations, full-catalogue rankings and
 * candidate scores, in chunks that bound memory. Each chunk has its own scratch manager and pauses
 * gradient recording on its thread (grad mode is per thread), so any number of threads may call it.
 */
final class EncoderInference {

    /** Histories per forward pass. */
    private static final int CHUNK = 256;

    private final NDManager manager;
    private final EncoderNetwork network;

    EncoderInference(NDManager manager, EncoderNetwork network) {
        this.manager = manager;
        this.network = network;
    }

    /** Receives one chunk's left-padded input ids (rows.length, slots); its arrays are freed when it returns. */
    interface ChunkConsumer {
        /** @param rows the index in the histories of each row of {@code inputIds} */
        void accept(int[] rows, NDArray inputIds);
    }

    /**
     * Calls {@code consumer} with chunks of {@code histories}, without recording gradients. Each history is
     * encoded in the slots of its size class ({@link SizeClasses}): a short history costs a fraction of a
     * full window, and gets the same result in any batch as alone.
     */
    void forEachChunk(int[][] histories, ChunkConsumer consumer) {
        int maxLength = network.embedding().maxLength();
        int[] slots = new int[histories.length];
        for (int b = 0; b < histories.length; b++) {
            checkItems(histories[b], "history " + b);
            slots[b] = SizeClasses.slots(histories[b].length, Math.min(SizeClasses.STABLE_TOKENS, maxLength), maxLength);
        }
        for (int[] members : SizeClasses.group(histories.length, b -> slots[b])) {
            int length = slots[members[0]];
            for (int from = 0; from < members.length; from += CHUNK) {
                int[] rows = Arrays.copyOfRange(members, from, Math.min(members.length, from + CHUNK));
                long[] ids = new long[rows.length * length];
                for (int row = 0; row < rows.length; row++) {
                    int[] history = histories[rows[row]];
                    int kept = Math.min(length, history.length);
                    for (int i = 0; i < kept; i++) {
                        ids[row * length + length - kept + i] = history[history.length - kept + i] + 1L;
                    }
                }
                try (NDManager scratch = manager.newSubManager(); GradMode.Scope paused = GradMode.paused()) {
                    consumer.accept(rows, scratch.create(ids, new Shape(rows.length, length)));
                }
            }
        }
    }

    float[][] represent(int[][] histories) {
        float[][] representations = new float[histories.length][];
        forEachChunk(histories, (rows, ids) -> {
            float[][] states = rowsOf(lastStates(ids));
            for (int row = 0; row < rows.length; row++) {
                representations[rows[row]] = states[row];
            }
        });
        return representations;
    }

    List<List<ScoredItem>> recommend(int[][] histories, int k) {
        List<List<ScoredItem>> rankings = new ArrayList<>(Collections.nCopies(histories.length, null));
        forEachScoreRow(histories, (b, scores) -> rankings.set(b, TopK.of(scores, k)));
        return rankings;
    }

    float[][] scoreCandidates(int[][] histories, int[][] candidates) {
        if (histories.length != candidates.length) {
            throw new IllegalArgumentException(histories.length + " histories but " + candidates.length
                    + " candidate lists");
        }
        for (int b = 0; b < candidates.length; b++) {
            checkItems(candidates[b], "candidates of history " + b);
        }
        float[][] result = new float[histories.length][];
        forEachScoreRow(histories, (b, scores) -> {
            result[b] = new float[candidates[b].length];
            for (int c = 0; c < candidates[b].length; c++) {
                result[b][c] = scores[candidates[b][c]];
            }
        });
        return result;
    }

    private interface RowConsumer {
        void accept(int history, float[] scores);
    }

    /** Hands over each history's scores of every item (representation · item embedding), a chunk at a time. */
    private void forEachScoreRow(int[][] histories, RowConsumer consumer) {
        forEachChunk(histories, (rows, ids) -> {
            float[][] scores = rowsOf(network.embedding().logits(lastStates(ids)));
            for (int row = 0; row < rows.length; row++) {
                consumer.accept(rows[row], scores[row]);
            }
        });
    }

    /** The hidden state at the newest item, (rows, d). */
    private NDArray lastStates(NDArray inputIds) {
        return network.hidden(inputIds).get(":, -1, :");
    }

    /** A (rows, columns) array's rows on the host. */
    private static float[][] rowsOf(NDArray matrix) {
        int rows = (int) matrix.getShape().get(0);
        int columns = (int) matrix.getShape().get(1);
        float[] flat = matrix.toFloatArray();
        float[][] out = new float[rows][];
        for (int row = 0; row < rows; row++) {
            out[row] = Arrays.copyOfRange(flat, row * columns, (row + 1) * columns);
        }
        return out;
    }

    private void checkItems(int[] items, String where) {
        TrainingWindows.checkItems(items, network.embedding().itemCount(), where);
    }
}
