package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.recommend.TopK;
import io.recflow.ml.train.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
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

    /** Receives one chunk's padded input ids (rows, maxLength); its arrays are freed when it returns. */
    interface ChunkConsumer {
        void accept(int start, NDArray inputIds);
    }

    /** Calls {@code consumer} with each chunk of {@code histories}, in order, without recording gradients. */
    void forEachChunk(int[][] histories, ChunkConsumer consumer) {
        int length = network.embedding().maxLength();
        for (int start = 0; start < histories.length; start += CHUNK) {
            int rows = Math.min(CHUNK, histories.length - start);
            long[] ids = new long[rows * length];
            for (int row = 0; row < rows; row++) {
                int[] history = histories[start + row];
                checkItems(history, "history " + (start + row));
                int kept = Math.min(length, history.length);
                for (int i = 0; i < kept; i++) {
                    ids[row * length + length - kept + i] = history[history.length - kept + i] + 1L;
                }
            }
            try (NDManager scratch = manager.newSubManager(); GradMode.Scope paused = GradMode.paused()) {
                consumer.accept(start, scratch.create(ids, new Shape(rows, length)));
            }
        }
    }

    float[][] represent(int[][] histories) {
        float[][] representations = new float[histories.length][];
        forEachChunk(histories, (start, ids) -> copyRows(lastStates(ids), representations, start));
        return representations;
    }

    List<List<ScoredItem>> recommend(int[][] histories, int k) {
        List<List<ScoredItem>> rankings = new ArrayList<>(histories.length);
        forEachScoreRow(histories, (b, scores) -> rankings.add(TopK.of(scores, k)));
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

    /** Hands over each history's scores of every item (representation · item embedding), in order, a chunk at a time. */
    private void forEachScoreRow(int[][] histories, RowConsumer consumer) {
        forEachChunk(histories, (start, ids) -> {
            float[][] rows = new float[(int) ids.getShape().get(0)][];
            copyRows(network.embedding().logits(lastStates(ids)), rows, 0);
            for (int row = 0; row < rows.length; row++) {
                consumer.accept(start + row, rows[row]);
            }
        });
    }

    /** The hidden state at the newest item, (rows, d). */
    private NDArray lastStates(NDArray inputIds) {
        return network.hidden(inputIds).get(":, -1, :");
    }

    private static void copyRows(NDArray matrix, float[][] into, int start) {
        int rows = (int) matrix.getShape().get(0);
        int columns = (int) matrix.getShape().get(1);
        float[] flat = matrix.toFloatArray();
        for (int row = 0; row < rows; row++) {
            into[start + row] = Arrays.copyOfRange(flat, row * columns, (row + 1) * columns);
        }
    }

    private void checkItems(int[] items, String where) {
        TrainingWindows.checkItems(items, network.embedding().itemCount(), where);
    }
}
