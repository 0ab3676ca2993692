package io.recflow.ml.metrics;

import io.recflow.ml.recommend.ScoredItem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects Recall@k and NDCG@k per evaluated user and averages them. The per-user values are kept,
 * in the order users were added, so that two models evaluated on the same examples can be compared
 * with a paired test. Metric names are {@code "Recall@k"} and {@code "NDCG@k"}. Not thread-safe.
 */
public final class RankingAccumulator {

    private final int[] ks;
    private final List<String> users = new ArrayList<>();
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    public RankingAccumulator(int... ks) {
        if (ks.length == 0 || Arrays.stream(ks).anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("need at least one cut-off, each >= 1: " + Arrays.toString(ks));
        }
        this.ks = ks.clone();
        for (int k : ks) {
            values.put(recallName(k), new ArrayList<>());
        }
        for (int k : ks) {
            values.put(ndcgName(k), new ArrayList<>());
        }
    }

    public static String recallName(int k) {
        return "Recall@" + k;
    }

    public static String ndcgName(int k) {
        return "NDCG@" + k;
    }

    /** Records one user's ranking (best first) against the held-out target. */
    public void add(String user, List<ScoredItem> ranked, int target) {
        int rank = RankingMetrics.rankOf(ranked, target);
        users.add(user);
        for (int k : ks) {
            values.get(recallName(k)).add(RankingMetrics.recall(rank, k));
            values.get(ndcgName(k)).add(RankingMetrics.ndcg(rank, k));
        }
    }

    /** Records a batch: {@code rankings.get(b)} belongs to {@code users.get(b)} and {@code targets[b]}. */
    public void addAll(List<String> users, List<List<ScoredItem>> rankings, int[] targets) {
        if (users.size() != rankings.size() || rankings.size() != targets.length) {
            throw new IllegalArgumentException(users.size() + " users, " + rankings.size() + " rankings, "
                    + targets.length + " targets");
        }
        for (int b = 0; b < targets.length; b++) {
            add(users.get(b), rankings.get(b), targets[b]);
        }
    }

    public int count() {
        return users.size();
    }

    public List<String> users() {
        return Collections.unmodifiableList(users);
    }

    /** The metric's value per user, aligned with {@link #users()}. */
    public double[] perUser(String metric) {
        return series(metric).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The metric averaged over users; 0 when nobody was evaluated. */
    public double mean(String metric) {
        return series(metric).stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** Every metric's mean, Recall@k first then NDCG@k, in cut-off order. */
    public Map<String, Double> means() {
        Map<String, Double> means = new LinkedHashMap<>();
        for (String metric : values.keySet()) {
            means.put(metric, mean(metric));
        }
        return means;
    }

    private List<Double> series(String metric) {
        List<Double> series = values.get(metric);
        if (series == null) {
            throw new IllegalArgumentException("unknown metric '" + metric + "'; known: " + values.keySet());
        }
        return series;
    }
}
