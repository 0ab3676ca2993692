package io.recflow.ml.metrics;

import io.recflow.ml.recommend.ScoredItem;

import java.util.List;

/**
 * Ranking metrics for one held-out target per user (leave-one-out). With a single relevant item,
 * Recall@k and HR@k coincide (1 when the target is in the top k) and the ideal DCG is 1, so
 * NDCG@k = 1 / log2(rank + 2) for a 0-based rank below k.
 */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    /** The 0-based position of {@code target} in {@code ranked} (item indexes, best first), or -1 when absent. */
    public static int rankOf(int[] ranked, int target) {
        for (int r = 0; r < ranked.length; r++) {
            if (ranked[r] == target) {
                return r;
            }
        }
        return -1;
    }

    /** The 0-based position of {@code target} in {@code ranked}, or -1 when absent. */
    public static int rankOf(List<ScoredItem> ranked, int target) {
        for (int r = 0; r < ranked.size(); r++) {
            if (ranked.get(r).item() == target) {
                return r;
            }
        }
        return -1;
    }

    public static double recall(int rank, int k) {
        return rank >= 0 && rank < k ? 1.0 : 0.0;
    }

    /** Hit ratio: the same number as {@link #recall} for one target, under the name the candidate protocol uses. */
    public static double hitRate(int rank, int k) {
        return recall(rank, k);
    }

    public static double ndcg(int rank, int k) {
        return rank >= 0 && rank < k ? 1.0 / log2(rank + 2) : 0.0;
    }

    public static double recall(int[] ranked, int target, int k) {
        return recall(rankOf(ranked, target), k);
    }

    public static double ndcg(int[] ranked, int target, int k) {
        return ndcg(rankOf(ranked, target), k);
    }

    public static double recall(List<ScoredItem> ranked, int target, int k) {
        return recall(rankOf(ranked, target), k);
    }

    public static double ndcg(List<ScoredItem> ranked, int target, int k) {
        return ndcg(rankOf(ranked, target), k);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
