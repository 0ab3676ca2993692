package io.recflow.ml.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.recflow.ml.tokenizer.ItemCodes;

import java.util.Arrays;

/**
 * Teacher-forced scores of given candidate items: the sum of the log-probabilities of each
 * candidate's K codes after the history, in one pass over all candidates of all users (the same
 * quantity beam search ranks by).
 */
final class CandidateScorer {

    private final IncrementalDecoder decoder;
    private final ItemCodes codes;

    CandidateScorer(IncrementalDecoder decoder, ItemCodes codes) {
        this.decoder = decoder;
        this.codes = codes;
    }

    float[][] score(NDManager manager, int[][] histories, float[][] gateInputs, int[][] candidates) {
        for (int[] own : candidates) {
            for (int item : own) {
                if (item < 0 || item >= codes.itemCount()) {
                    throw new IllegalArgumentException("candidate item index " + item + " outside the "
                            + codes.itemCount() + " items the tokenizer knows");
                }
            }
        }
        IncrementalDecoder.History history = decoder.encode(manager, histories, gateInputs);
        int users = histories.length;
        int levels = codes.levels();
        float[][] first = decoder.logProbabilities(history.last(), 0);
        float[][] scores = new float[users][];
        for (int u = 0; u < users; u++) {
            scores[u] = new float[candidates[u].length];
            for (int c = 0; c < candidates[u].length; c++) {
                scores[u][c] = first[u][codes.codes()[candidates[u][c]][0]];
            }
        }
        int rowsPerUser = Arrays.stream(candidates).mapToInt(a -> a.length).max().orElse(0);
        if (levels == 1 || rowsPerUser == 0) {
            return scores;
        }
        int[][] prefixes = new int[users * rowsPerUser][];
        for (int u = 0; u < users; u++) {
            for (int c = 0; c < rowsPerUser; c++) {
                // Users with fewer candidates fill their rows with item 0; those rows are never read.
                int item = c < candidates[u].length ? candidates[u][c] : 0;
                prefixes[u * rowsPerUser + c] = Arrays.copyOf(codes.codes()[item], levels - 1);
            }
        }
        NDArray hidden = decoder.continueWith(manager, history, prefixes);
        for (int level = 1; level < levels; level++) {
            float[][] next = decoder.logProbabilities(hidden.get(new NDIndex(":, {}, :", level - 1)), level);
            for (int u = 0; u < users; u++) {
                for (int c = 0; c < candidates[u].length; c++) {
                    scores[u][c] += next[u * rowsPerUser + c][codes.codes()[candidates[u][c]][level]];
                }
            }
        }
        return scores;
    }
}
