package io.recflow.ml.recommend;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TopKTest {

    private static List<Integer> items(List<ScoredItem> ranked) {
        return ranked.stream().map(ScoredItem::item).toList();
    }

    @Test
    void bestFirstTiesToTheLowerIndex() {
        assertEquals(List.of(2, 1, 3), items(TopK.of(new float[] {0.1f, 0.5f, 0.9f, 0.5f}, 3)));
    }

    /** A NaN that entered the heap was never evicted and broke its order: [0, 1] here, not [2, 4]. */
    @Test
    void aNaNScoreRanksLast() {
        assertEquals(List.of(2, 4), items(TopK.of(new float[] {0.1f, Float.NaN, 0.9f, 0.5f, 0.7f}, 2)));
        assertEquals(List.of(1, 0), items(TopK.of(new float[] {Float.NaN, 0.3f}, 2)));
    }
}
