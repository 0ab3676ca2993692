package io.recflow.ml.metrics;

/**
 * Model A against model B on the same users: the mean of the per-user differences A - B, its percentile
 * bootstrap confidence interval, and the one-sided p-value for "A is not better than B".
 *
 * @param users          how many paired values the comparison rests on
 * @param meanDifference mean over users of A - B (positive: A is better on a higher-is-better metric)
 * @param low            lower end of the {@code confidence} interval of the mean difference
 * @param high           upper end of that interval
 * @param pValue         share of resamples whose mean difference is at most 0; it cannot resolve values
 *                       below {@code 1 / samples}, so 0 reads "less than 1 / samples"
 * @param samples        bootstrap resamples drawn
 * @param confidence     coverage of the interval, e.g. 0.95
 */
public record PairedComparison(int users, double meanDifference, double low, double high, double pValue,
                               int samples, double confidence) {
}
