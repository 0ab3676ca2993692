package io.recflow.ml.recommend;

import io.recflow.ml.data.UserSequence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PopularityRecommenderTest {

    @Test
    void ranksByTrainingCountsWhateverTheHistory() {
        PopularityRecommender popularity = PopularityRecommender.fit(List.of(
                new UserSequence("a", new int[] {2, 3, 2}, new long[] {1, 2, 3}),
                new UserSequence("b", new int[] {3, 2, 0}, new long[] {1, 2, 3})), 5);

        assertEquals(3, popularity.count(2));
        assertEquals(0, popularity.count(4));
        List<List<ScoredItem>> rankings = popularity.recommend(new int[][] {{0}, {}}, 3);
        List<ScoredItem> expected = List.of(new ScoredItem(2, 3), new ScoredItem(3, 2), new ScoredItem(0, 1));
        assertEquals(List.of(expected, expected), rankings);
        assertEquals(5, popularity.recommend(new int[][] {{0}}, 10).get(0).size());
        assertArrayEquals(new float[][] {{0, 3}, {1}}, popularity.scoreCandidates(new int[][] {{}, {}},
                new int[][] {{4, 2}, {0}}));
    }

    @Test
    void topKBreaksTiesByLowerIndex() {
        List<ScoredItem> top = TopK.of(new float[] {1, 5, 5, 0, 5}, 3);
        assertEquals(List.of(new ScoredItem(1, 5), new ScoredItem(2, 5), new ScoredItem(4, 5)), top);
        assertEquals(List.of(), TopK.of(new float[] {1}, 0));
        assertEquals(List.of(new ScoredItem(1, 2), new ScoredItem(0, 1)), TopK.of(new float[] {1, 2}, 9));
    }
}
