package io.recflow.ml.evaluation;

import io.recflow.ml.data.UserSequence;
import io.recflow.ml.metrics.RankingMetrics;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.Recommender;
import io.recflow.ml.split.Example;
import io.recflow.ml.train.Seeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The temporal-gap protocol of CaseQ (Yang et al., NeurIPS 2022): a model trained on each user's
 * sequence up to {@code lapse} events before its end is scored on the very next event
 * (in-distribution, "id") and on the final event, {@code lapse - 1} unseen events later
 * (out-of-distribution, "ood"). Each target is ranked against {@code negatives} (100) items sampled
 * by popularity; HR@10 and NDCG@10 for both, and the relative drop (id - ood) / id.
 *
 * <p><b>Split</b> ({@link #split}): per user with at least {@code lapse + 2} events, the training
 * prefix is all but the last {@code lapse} events; the id example is (prefix &rarr; next event); the
 * ood example is (all but the last event &rarr; the final event). As in the official code
 * ({@code utils.evaluate} on the un-lapsed partition) the ood history is the <em>whole</em> history,
 * gap included: the model sees the recent events at inference but was never trained on them, which is
 * exactly the temporal shift being measured. Users with fewer events are not evaluated and, as in
 * the official code, train on their whole sequence.
 *
 * <p><b>Indexing vs the official code.</b> CaseQ's {@code --lapse l} puts the id target at
 * {@code seq[-(1+l)]} and trains on {@code seq[:-(2+l)]} (+ a validation item {@code seq[-(2+l)]});
 * here {@code lapse} counts the events withheld from training, so CaseQ's {@code --lapse l} is
 * {@code lapse = l + 1} here (same targets, same histories, same users: {@code n >= 3 + l}). CaseQ holds
 * {@code seq[-(2+l)]} out of training as a validation item; this split has no validation targets and trains on
 * it, so each evaluated user trains on one event more than in the official code.
 *
 * <p><b>Negatives.</b> Drawn without replacement with probability proportional to each item's count
 * of interactions in the training sequences (CaseQ draws by the item's interaction count too, via
 * {@code np.random.choice(p=item_pop)}, and rejects items the user rated); items never seen in
 * training are never drawn. Excluded: every item the user ever interacted with (gap and both targets
 * included); the official code only excludes the training part, so the target itself could appear
 * among its negatives there. Fewer than {@code negatives} when too few items qualify. The draws depend
 * on the seed, the example kind and the user's position only, so every model gets the same
 * candidates.
 *
 * <p><b>Ranking.</b> The target's rank is the number of negatives scoring at least as high (a tie is
 * not a hit, as in {@link CandidatesProtocol}); a NaN target score ranks last.
 */
public final class TemporalGapProtocol {

    public static final String NAME = "temporal-gap";
    public static final int DEFAULT_NEGATIVES = 100;
    public static final int K = 10;

    private static final int BATCH = 256;
    private static final long SALT_ID = 0x6A09E667F3BCC909L;
    private static final long SALT_OOD = 0xBB67AE8584CAA73BL;

    private final int negatives;
    private final long seed;

    public TemporalGapProtocol(long seed) {
        this(DEFAULT_NEGATIVES, seed);
    }

    public TemporalGapProtocol(int negatives, long seed) {
        if (negatives < 1) {
            throw new IllegalArgumentException("negatives must be >= 1, was " + negatives);
        }
        this.negatives = negatives;
        this.seed = seed;
    }

    /**
     * The temporal-gap split. {@code inDistribution}, {@code outOfDistribution} and {@code seen} are
     * aligned: position i is the same user. {@code seen.get(i)} holds every item that user interacted
     * with (the negatives avoid them). Train keeps the input order of users.
     */
    public record Split(int lapse, List<UserSequence> train, List<Example> inDistribution,
                        List<Example> outOfDistribution, List<Set<Integer>> seen) {

        public Split {
            train = List.copyOf(train);
            inDistribution = List.copyOf(inDistribution);
            outOfDistribution = List.copyOf(outOfDistribution);
            seen = seen.stream().map(Set::copyOf).toList();
            if (inDistribution.size() != outOfDistribution.size() || inDistribution.size() != seen.size()) {
                throw new IllegalArgumentException("id, ood and seen must be aligned: " + inDistribution.size()
                        + ", " + outOfDistribution.size() + ", " + seen.size());
            }
        }

        /** The id examples keeping only the most recent {@code maxHistory} items of each history. */
        public List<Example> inDistribution(int maxHistory) {
            return inDistribution.stream().map(e -> e.truncated(maxHistory)).toList();
        }

        /** The ood examples keeping only the most recent {@code maxHistory} items of each history. */
        public List<Example> outOfDistribution(int maxHistory) {
            return outOfDistribution.stream().map(e -> e.truncated(maxHistory)).toList();
        }

        /** The same split with every history cut to its last {@code maxHistory} items (seen sets unchanged). */
        public Split truncated(int maxHistory) {
            return new Split(lapse, train, inDistribution(maxHistory), outOfDistribution(maxHistory), seen);
        }
    }

    /** Fewest events a user needs to be evaluated with this lapse (one training event, id target, gap, final). */
    public static int minEvaluatedLength(int lapse) {
        return lapse + 2;
    }

    public static Split split(List<UserSequence> sequences, int lapse) {
        if (lapse < 2) {
            throw new IllegalArgumentException("lapse must be >= 2 (id and ood targets must differ), was " + lapse);
        }
        List<UserSequence> train = new ArrayList<>(sequences.size());
        List<Example> id = new ArrayList<>();
        List<Example> ood = new ArrayList<>();
        List<Set<Integer>> seen = new ArrayList<>();
        for (UserSequence sequence : sequences) {
            int n = sequence.length();
            if (n < minEvaluatedLength(lapse)) {
                train.add(sequence);
                continue;
            }
            int[] items = sequence.items();
            int cut = n - lapse;
            train.add(sequence.prefix(cut));
            id.add(new Example(sequence.user(), Arrays.copyOf(items, cut), items[cut]));
            ood.add(new Example(sequence.user(), Arrays.copyOf(items, n - 1), items[n - 1]));
            Set<Integer> all = new HashSet<>();
            for (int item : items) {
                all.add(item);
            }
            seen.add(all);
        }
        return new Split(lapse, train, id, ood, seen);
    }

    /**
     * Scores the id and ood examples of {@code split} against the same popularity-sampled negatives for
     * every model. Per-user metrics: {@code HR@10-id, NDCG@10-id, HR@10-ood, NDCG@10-ood}; headline
     * metrics: their means plus {@code NDCG@10-drop} and {@code HR@10-drop}, the relative drop of the
     * means (id - ood) / id (NaN when the id mean is 0).
     *
     * @param itemCount the catalogue size (items are 0..itemCount-1)
     */
    public ProtocolResult evaluate(Recommender model, Split split, int itemCount, ProgressListener progress) {
        int[][] idCandidates = candidates(split.inDistribution(), split, itemCount, SALT_ID);
        int[][] oodCandidates = candidates(split.outOfDistribution(), split, itemCount, SALT_OOD);
        int users = split.inDistribution().size();
        double[] hrId = new double[users];
        double[] ndcgId = new double[users];
        double[] hrOod = new double[users];
        double[] ndcgOod = new double[users];
        score(model, split.inDistribution(), idCandidates, hrId, ndcgId, progress, 0, 2L * users);
        score(model, split.outOfDistribution(), oodCandidates, hrOod, ndcgOod, progress, users, 2L * users);

        Map<String, double[]> perUser = new LinkedHashMap<>();
        perUser.put("HR@10-id", hrId);
        perUser.put("NDCG@10-id", ndcgId);
        perUser.put("HR@10-ood", hrOod);
        perUser.put("NDCG@10-ood", ndcgOod);
        ProtocolResult result = Protocols.result(NAME, split.inDistribution(), perUser);
        Map<String, Double> metrics = new LinkedHashMap<>(result.metrics());
        putDrop(metrics, "NDCG@10");
        putDrop(metrics, "HR@10");
        return new ProtocolResult(NAME, metrics, result.users(), perUser);
    }

    /**
     * Adds {@code <metric>-drop} unless the id value is 0: a relative drop from nothing is undefined,
     * and a NaN would not survive the JSON of payloads and lineage.
     */
    private static void putDrop(Map<String, Double> metrics, String metric) {
        double id = metrics.get(metric + "-id");
        if (id != 0) {
            metrics.put(metric + "-drop", drop(id, metrics.get(metric + "-ood")));
        }
    }

    /** The relative drop (id - ood) / id, for id &ne; 0. */
    static double drop(double id, double ood) {
        return (id - ood) / id;
    }

    /**
     * The candidates of the id examples ({@code ood = false}) or the ood examples: the target first,
     * then the negatives. What {@link #evaluate} scores; exposed for inspection.
     */
    public int[][] candidates(Split split, int itemCount, boolean ood) {
        return ood ? candidates(split.outOfDistribution(), split, itemCount, SALT_OOD)
                : candidates(split.inDistribution(), split, itemCount, SALT_ID);
    }

    private int[][] candidates(List<Example> examples, Split split, int itemCount, long salt) {
        long[] counts = new long[itemCount];
        for (UserSequence sequence : split.train()) {
            for (int item : sequence.items()) {
                if (item < 0 || item >= itemCount) {
                    throw new IllegalArgumentException("user " + sequence.user() + ": item " + item
                            + " outside the catalogue of " + itemCount);
                }
                counts[item]++;
            }
        }
        int positive = 0;
        for (long c : counts) {
            positive += c > 0 ? 1 : 0;
        }
        PopularitySampler sampler = new PopularitySampler(counts);
        int[][] candidates = new int[examples.size()][];
        for (int u = 0; u < examples.size(); u++) {
            int target = examples.get(u).target();
            Set<Integer> excluded = new HashSet<>(split.seen().get(u));
            excluded.add(target);
            int eligible = positive;
            for (int item : excluded) {
                if (item >= 0 && item < itemCount && counts[item] > 0) {
                    eligible--;
                }
            }
            int[] drawn = sampler.draw(Math.min(negatives, eligible), excluded, new Random(Seeds.mix(seed, u, salt)));
            int[] row = new int[drawn.length + 1];
            row[0] = target;
            System.arraycopy(drawn, 0, row, 1, drawn.length);
            candidates[u] = row;
        }
        return candidates;
    }

    private static void score(Recommender model, List<Example> examples, int[][] candidates, double[] hr,
                              double[] ndcg, ProgressListener progress, long done, long total) {
        for (int from = 0; from < examples.size(); from += BATCH) {
            int to = Math.min(examples.size(), from + BATCH);
            float[][] scores = model.scoreCandidates(Example.histories(examples.subList(from, to)),
                    Arrays.copyOfRange(candidates, from, to));
            for (int u = from; u < to; u++) {
                float[] row = scores[u - from];
                if (row.length != candidates[u].length) {
                    throw new IllegalStateException("model returned " + row.length + " scores for "
                            + candidates[u].length + " candidates");
                }
                int rank = rank(row);
                hr[u] = RankingMetrics.hitRate(rank, K);
                ndcg[u] = RankingMetrics.ndcg(rank, K);
            }
            progress.onProgress(NAME, 1, 1, done + to, total, Double.NaN);
        }
    }

    /** The target's (index 0) 0-based rank: negatives scoring at least as high; a NaN target ranks last. */
    static int rank(float[] scores) {
        if (Float.isNaN(scores[0])) {
            return scores.length - 1;
        }
        int rank = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] >= scores[0]) {
                rank++;
            }
        }
        return rank;
    }

    /**
     * Weighted sampling without replacement over a Fenwick tree of item counts: exact, O(log n) a draw,
     * and independent of how much popularity mass the exclusions remove (no rejection loop).
     */
    static final class PopularitySampler {

        private final long[] weights;
        private final long[] tree;
        private long total;

        PopularitySampler(long[] weights) {
            this.weights = weights.clone();
            this.tree = new long[weights.length + 1];
            for (int i = 0; i < weights.length; i++) {
                add(i, weights[i]);
            }
        }

        /** {@code k} distinct items outside {@code excluded}, each draw proportional to the remaining weights. */
        int[] draw(int k, Set<Integer> excluded, Random random) {
            List<Integer> removed = new ArrayList<>(excluded.size() + k);
            for (int item : excluded) {
                if (item >= 0 && item < weights.length && weights[item] > 0) {
                    add(item, -weights[item]);
                    removed.add(item);
                }
            }
            int[] drawn = new int[k];
            try {
                for (int i = 0; i < k; i++) {
                    if (total <= 0) {
                        throw new IllegalStateException("no item left to draw after " + i + " of " + k);
                    }
                    int item = find(random.nextLong(total));
                    drawn[i] = item;
                    add(item, -weights[item]);
                    removed.add(item);
                }
            } finally {
                for (int item : removed) {
                    add(item, weights[item]);
                }
            }
            return drawn;
        }

        private void add(int item, long delta) {
            total += delta;
            for (int i = item + 1; i < tree.length; i += i & -i) {
                tree[i] += delta;
            }
        }

        /** The item whose cumulative-weight interval holds {@code r} (0 <= r < total). */
        private int find(long r) {
            int pos = 0;
            for (int step = Integer.highestOneBit(Math.max(1, tree.length - 1)); step > 0; step >>= 1) {
                int next = pos + step;
                if (next < tree.length && tree[next] <= r) {
                    pos = next;
                    r -= tree[next];
                }
            }
            return pos; // 0-based item = (1-based Fenwick index pos + 1) - 1
        }
    }
}
