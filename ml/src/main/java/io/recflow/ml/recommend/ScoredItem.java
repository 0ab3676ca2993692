package io.recflow.ml.recommend;

/** An item index and its score (a log-probability for generative models). */
public record ScoredItem(int item, double score) {
}
