package io.recflow.ml.evaluation;

import io.recflow.ml.metrics.RankingAccumulator;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.Recommender;
import io.recflow.ml.split.Example;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The full-ranking protocol of TIGER, LETTER and CoFiRec: each test user's history (already cut to
 * the last N items) against the whole catalogue; Recall@{1,5,10} and NDCG@{5,10} of the held-out item.
 */
public final class FullRankingProtocol {

    public static final String NAME = "full-ranking";
    private static final int[] CUTOFFS = {1, 5, 10};
    private static final int BATCH = 64;

    public ProtocolResult evaluate(Recommender model, List<Example> test, ProgressListener progress) {
        RankingAccumulator accumulator = new RankingAccumulator(CUTOFFS);
        for (int from = 0; from < test.size(); from += BATCH) {
            List<Example> batch = test.subList(from, Math.min(test.size(), from + BATCH));
            accumulator.addAll(batch.stream().map(Example::user).toList(),
                    model.recommend(Example.histories(batch), CUTOFFS[CUTOFFS.length - 1]), Example.targets(batch));
            progress.onProgress(NAME, 1, 1, from + batch.size(), test.size(), Double.NaN);
        }
        Map<String, double[]> perUser = new LinkedHashMap<>();
        for (String metric : List.of("Recall@1", "Recall@5", "Recall@10", "NDCG@5", "NDCG@10")) {
            perUser.put(metric, accumulator.perUser(metric));
        }
        return Protocols.result(NAME, test, perUser);
    }
}
