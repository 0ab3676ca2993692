package io.recflow.ml.recommend;

import java.util.List;

/**
 * What evaluation and serving need of any model (the generative recommender, SASRec, popularity):
 * a ranked list over the whole catalogue, and scores for given candidates. Batched, because every
 * model here is faster on a batch of histories than on one at a time. Histories are dense item
 * indexes, oldest first.
 */
public interface Recommender {

    /** The top {@code k} real items for each history, best first. */
    List<List<ScoredItem>> recommend(int[][] histories, int k);

    /** A score per candidate item for each history (higher is better); {@code candidates[b]} belongs to {@code histories[b]}. */
    float[][] scoreCandidates(int[][] histories, int[][] candidates);

    /**
     * Rankings asked for k values with equal keys can be answered by one call with the largest of
     * them, each keeping its first k (how {@link BatchingRecommender} shares calls). By default only
     * equal k share; a model whose top k is a prefix of its top k + 1 says so with a constant key.
     */
    default int batchKey(int k) {
        return k;
    }

    /**
     * Whether {@link #recommend} leaves out the items of each history. By default it does not (the rankings
     * evaluation scores); only a model that does may be served, so that nobody is recommended what they have.
     */
    default boolean leavesOutHistory() {
        return false;
    }
}
