package io.recflow.ml.recommend;

import io.recflow.ml.data.UserSequence;

import java.util.Collections;
import java.util.List;

/**
 * The most-popular baseline: scores every item by how often it occurs in the training sequences,
 * whatever the history. Every sequential model has to beat it.
 */
public final class PopularityRecommender implements Recommender {

    private final float[] counts;
    private final List<ScoredItem> ranking;

    private PopularityRecommender(float[] counts) {
        this.counts = counts;
        this.ranking = TopK.of(counts, counts.length);
    }

    public static PopularityRecommender fit(List<UserSequence> trainSequences, int itemCount) {
        float[] counts = new float[itemCount];
        for (UserSequence sequence : trainSequences) {
            for (int item : sequence.items()) {
                counts[item]++;
            }
        }
        return new PopularityRecommender(counts);
    }

    /** How often {@code item} occurs in the training data. */
    public int count(int item) {
        return (int) counts[item];
    }

    @Override
    public List<List<ScoredItem>> recommend(int[][] histories, int k) {
        List<ScoredItem> top = ranking.subList(0, Math.min(k, ranking.size()));
        return Collections.nCopies(histories.length, top);
    }

    @Override
    public float[][] scoreCandidates(int[][] histories, int[][] candidates) {
        float[][] scores = new float[candidates.length][];
        for (int b = 0; b < candidates.length; b++) {
            scores[b] = new float[candidates[b].length];
            for (int c = 0; c < candidates[b].length; c++) {
                scores[b][c] = counts[candidates[b][c]];
            }
        }
        return scores;
    }
}
