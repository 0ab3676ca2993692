package io.recflow.ml.evaluation;

import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.Recommender;
import io.recflow.ml.split.Example;
import io.recflow.ml.train.Seeds;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The candidates protocol of LLaRA and iLoRA: the target among {@code count - 1} random items the user
 * never interacted with; HR@1 = the target scores highest. Averaged over {@code draws} independent
 * candidate draws, because the official test sets hold only ~100 users. The draws depend on the seed,
 * the draw and the user's position only, so every model sees the same candidates.
 *
 * <p>ValidRatio is LLaRA's share of answers that name a real candidate; a model that scores the given
 * candidates always does, so it is reported as 1.0 by construction. A language model that answers in
 * text is scored on the same draws ({@link #candidates}) by {@code llara.LlaraScorer}, which reports
 * validity per user.
 */
public final class CandidatesProtocol {

    public static final String NAME = "candidates";

    private final int count;
    private final int draws;
    private final long seed;

    public CandidatesProtocol(int count, int draws, long seed) {
        this.count = count;
        this.draws = draws;
        this.seed = seed;
    }

    /**
     * @param seen every item each test user interacted with (the negatives avoid them), by position
     */
    public ProtocolResult evaluate(Recommender model, List<Example> test, List<Set<Integer>> seen, int itemCount,
                                   ProgressListener progress) {
        double[] hits = new double[test.size()];
        double[] drawMeans = new double[draws];
        for (int draw = 0; draw < draws; draw++) {
            int[][] candidates = candidates(test, seen, itemCount, draw);
            float[][] scores = model.scoreCandidates(Example.histories(test), candidates);
            double sum = 0;
            for (int u = 0; u < test.size(); u++) {
                double hit = isTop(scores[u]) ? 1 : 0;
                hits[u] += hit / draws;
                sum += hit;
            }
            drawMeans[draw] = test.isEmpty() ? 0 : sum / test.size();
            progress.onProgress(NAME, draw + 1, draws, (long) (draw + 1) * test.size(), (long) draws * test.size(),
                    Double.NaN);
        }
        Map<String, double[]> perUser = new LinkedHashMap<>();
        perUser.put("HR@1", hits);
        ProtocolResult result = Protocols.result(NAME, test, perUser);
        Map<String, Double> metrics = new LinkedHashMap<>(result.metrics());
        metrics.put("HR@1-std", Protocols.std(drawMeans));
        metrics.put("ValidRatio", 1.0);
        return new ProtocolResult(NAME, metrics, result.users(), perUser);
    }

    public int draws() {
        return draws;
    }

    /**
     * The candidates of draw {@code draw} (0-based, below {@link #draws()}) for each test user, target
     * first: what every model is scored on, including language models that answer in text.
     */
    public int[][] candidates(List<Example> test, List<Set<Integer>> seen, int itemCount, int draw) {
        int[][] candidates = new int[test.size()][];
        for (int u = 0; u < test.size(); u++) {
            candidates[u] = draw(test.get(u).target(), seen.get(u), count, itemCount, new Random(Seeds.mix(seed, draw, u)));
        }
        return candidates;
    }

    /**
     * {@code target} first, then {@code count - 1} distinct random items outside {@code seen}; fewer
     * when the catalogue has too few.
     */
    public static int[] draw(int target, Set<Integer> seen, int count, int itemCount, Random random) {
        Set<Integer> excluded = new HashSet<>(seen);
        excluded.add(target);
        int negatives = Math.min(count - 1, itemCount - excluded.size());
        int[] candidates = new int[negatives + 1];
        candidates[0] = target;
        for (int i = 1; i <= negatives; ) {
            int item = random.nextInt(itemCount);
            if (excluded.add(item)) {
                candidates[i++] = item;
            }
        }
        return candidates;
    }

    /**
     * Strictly highest: a tie with a negative is not a hit, so a constant scorer gets HR@1 = 0; nor is a NaN
     * target (a score that overflowed), which no comparison would otherwise beat.
     */
    private static boolean isTop(float[] scores) {
        if (Float.isNaN(scores[0])) {
            return false;
        }
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] >= scores[0]) {
                return false;
            }
        }
        return true;
    }
}
