package io.recflow.ml.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * Inference encodes a sequence at the length of its size class rather than the model's full length:
 * padding is masked out of attention, so the result is the same up to rounding, and a short sequence costs
 * a fraction of a full-length one. Sequences of one class share a length, so a batch of them is as long as
 * each alone, which keeps an answer independent of its batch; trimming a call to its longest sequence would
 * not (attention over a different number of keys rounds differently).
 */
public final class SizeClasses {

    /**
     * Fewest tokens a sequence is encoded in. Attention over very few tokens rounds differently with the
     * number of rows sharing the call (measured: histories of 4 and 7 tokens scored alone and in a batch
     * differed in the last bits, from 13 on they agreed); 16 is also where {@link BatchInvariantLinear}'s
     * rows become stable.
     */
    public static final int STABLE_TOKENS = 16;

    private SizeClasses() {
    }

    /**
     * The slots of a sequence of {@code items}: the next power of two, at least {@code fewest}, at most
     * {@code most}. At most half of a long sequence's slots are padding.
     */
    public static int slots(int items, int fewest, int most) {
        int powerOfTwo = items <= 1 ? 1 : Integer.highestOneBit(items - 1) << 1;
        return Math.min(most, Math.max(fewest, powerOfTwo));
    }

    /**
     * The indexes 0..count-1 grouped by {@code classOf}, smallest class first, each group in index order:
     * what a model call takes one group at a time.
     */
    public static int[][] group(int count, IntUnaryOperator classOf) {
        Map<Integer, List<Integer>> classes = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            classes.computeIfAbsent(classOf.applyAsInt(i), slots -> new ArrayList<>()).add(i);
        }
        return classes.values().stream().map(members -> members.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }
}
