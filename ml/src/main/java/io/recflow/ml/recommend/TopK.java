package io.recflow.ml.recommend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Selects the best {@code k} entries of a score vector; ties go to the lower item index, so rankings are deterministic,
 * and NaN ranks last.
 */
public final class TopK {

    private TopK() {
    }

    public static List<ScoredItem> of(float[] scores, int k) {
        int size = Math.min(k, scores.length);
        if (size <= 0) {
            return List.of();
        }
        // Min-heap of the best so far: its head is the weakest kept entry, the one to evict.
        PriorityQueue<Integer> kept = new PriorityQueue<>(size, (a, b) -> better(scores, a, b) ? 1 : -1);
        for (int item = 0; item < scores.length; item++) {
            if (kept.size() < size) {
                kept.add(item);
            } else if (better(scores, item, kept.peek())) {
                kept.poll();
                kept.add(item);
            }
        }
        List<ScoredItem> ranked = new ArrayList<>(size);
        while (!kept.isEmpty()) {
            int item = kept.poll();
            ranked.add(new ScoredItem(item, scores[item]));
        }
        Collections.reverse(ranked);
        return ranked;
    }

    /** NaN (a score that overflowed) ranks below every number, so it never takes a number's place. */
    private static boolean better(float[] scores, int a, int b) {
        float x = Float.isNaN(scores[a]) ? Float.NEGATIVE_INFINITY : scores[a];
        float y = Float.isNaN(scores[b]) ? Float.NEGATIVE_INFINITY : scores[b];
        return x > y || (x == y && a < b);
    }
}
