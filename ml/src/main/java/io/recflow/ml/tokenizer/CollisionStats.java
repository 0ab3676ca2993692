package io.recflow.ml.tokenizer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well the semantic levels alone tell items apart: computed on the tuples without the final
 * disambiguation level. {@code collidingItems} counts items that share their tuple with at least
 * one other item; {@code largestGroup} is the most items on one tuple (the disambiguation level's size).
 */
public record CollisionStats(int items, int distinctTuples, int collidingItems, int largestGroup) {

    public double collisionRate() {
        return items == 0 ? 0 : (double) collidingItems / items;
    }

    public static CollisionStats of(ItemCodes codes) {
        int levels = codes.levels();
        if (!TokenizerConfig.DISAMBIGUATION.equals(codes.levelNames().get(levels - 1))) {
            throw new IllegalArgumentException("the last level must be the disambiguation level, codes have "
                    + codes.levelNames());
        }
        Map<List<Integer>, Integer> groups = new HashMap<>();
        for (int[] tuple : codes.codes()) {
            groups.merge(Arrays.stream(tuple, 0, levels - 1).boxed().toList(), 1, Integer::sum);
        }
        int colliding = 0;
        int largest = 0;
        for (int size : groups.values()) {
            colliding += size > 1 ? size : 0;
            largest = Math.max(largest, size);
        }
        return new CollisionStats(codes.itemCount(), groups.size(), colliding, largest);
    }
}
