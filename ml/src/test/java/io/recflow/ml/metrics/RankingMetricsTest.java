package io.recflow.ml.metrics;

import io.recflow.ml.recommend.ScoredItem;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RankingMetricsTest {

    private static final int[] RANKED = {7, 3, 9, 1, 4};

    private static List<ScoredItem> scored(int... items) {
        return Arrays.stream(items).mapToObj(i -> new ScoredItem(i, -i)).toList();
    }

    @Test
    void recallIsOneWhenTheTargetIsInTheTopK() {
        assertEquals(1.0, RankingMetrics.recall(RANKED, 7, 1));
        assertEquals(0.0, RankingMetrics.recall(RANKED, 3, 1));
        assertEquals(1.0, RankingMetrics.recall(RANKED, 4, 5));
        assertEquals(0.0, RankingMetrics.recall(RANKED, 4, 4));
        assertEquals(0.0, RankingMetrics.recall(RANKED, 42, 5));
        assertEquals(1.0, RankingMetrics.hitRate(RankingMetrics.rankOf(RANKED, 9), 3));
    }

    @Test
    void ndcgDiscountsByLogOfRank() {
        assertEquals(1.0, RankingMetrics.ndcg(RANKED, 7, 5), 1e-12);
        assertEquals(1 / Math.log(3) * Math.log(2), RankingMetrics.ndcg(RANKED, 3, 5), 1e-12); // rank 2: 1/log2(3)
        assertEquals(0.5, RankingMetrics.ndcg(RANKED, 9, 5), 1e-12); // rank 3: 1/log2(4)
        assertEquals(0.0, RankingMetrics.ndcg(RANKED, 9, 2));
        assertEquals(0.0, RankingMetrics.ndcg(RANKED, 42, 10));
        assertEquals(RankingMetrics.ndcg(RANKED, 1, 5), RankingMetrics.ndcg(scored(RANKED), 1, 5));
    }

    @Test
    void accumulatorAveragesAndKeepsPerUserValues() {
        RankingAccumulator accumulator = new RankingAccumulator(1, 3);
        accumulator.add("u1", scored(RANKED), 7);   // rank 0
        accumulator.add("u2", scored(RANKED), 9);   // rank 2
        accumulator.addAll(List.of("u3"), List.of(scored(RANKED)), new int[] {42}); // absent

        assertEquals(3, accumulator.count());
        assertEquals(List.of("u1", "u2", "u3"), accumulator.users());
        assertArrayEquals(new double[] {1, 0, 0}, accumulator.perUser("Recall@1"));
        assertArrayEquals(new double[] {1, 1, 0}, accumulator.perUser("Recall@3"));
        assertArrayEquals(new double[] {1, 0.5, 0}, accumulator.perUser("NDCG@3"), 1e-12);
        assertEquals(0.5, accumulator.mean("NDCG@3"), 1e-12);
        assertEquals(List.of("Recall@1", "Recall@3", "NDCG@1", "NDCG@3"), List.copyOf(accumulator.means().keySet()));
        assertThrows(IllegalArgumentException.class, () -> accumulator.mean("MRR"));
        assertThrows(IllegalArgumentException.class, () -> new RankingAccumulator(0));
    }

    @Test
    void emptyAccumulatorMeansZero() {
        assertEquals(0.0, new RankingAccumulator(10).mean("NDCG@10"));
    }
}
