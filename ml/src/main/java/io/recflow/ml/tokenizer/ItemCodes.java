package io.recflow.ml.tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * The semantic ids of a catalogue: item {@code i} is the token tuple {@code codes[i]}, one code per
 * level, coarse to fine. Level {@code l} has {@code levelSizes[l]} codes (0..size-1); the last level
 * is the disambiguation level that makes every tuple unique. {@code levelNames} says what each level
 * was built from (e.g. "category", "title", "collaborative", "disambiguation").
 */
public record ItemCodes(int[][] codes, int[] levelSizes, List<String> levelNames) {

    public ItemCodes {
        levelNames = List.copyOf(levelNames);
        if (levelSizes.length != levelNames.size()) {
            throw new IllegalArgumentException(levelSizes.length + " level sizes but " + levelNames.size() + " names");
        }
        for (int i = 0; i < codes.length; i++) {
            if (codes[i].length != levelSizes.length) {
                throw new IllegalArgumentException("item " + i + " has " + codes[i].length + " codes, expected "
                        + levelSizes.length);
            }
            for (int l = 0; l < levelSizes.length; l++) {
                if (codes[i][l] < 0 || codes[i][l] >= levelSizes[l]) {
                    throw new IllegalArgumentException("item " + i + " level " + l + " code " + codes[i][l]
                            + " outside 0.." + (levelSizes[l] - 1));
                }
            }
        }
    }

    public int itemCount() {
        return codes.length;
    }

    public int levels() {
        return levelSizes.length;
    }

    /**
     * Offset of level {@code l} in a flat token vocabulary where every level owns its own id range.
     * Special tokens (padding etc.) are the model's business and come after {@link #vocabularySize()}.
     */
    public int offset(int level) {
        int offset = 0;
        for (int l = 0; l < level; l++) {
            offset += levelSizes[l];
        }
        return offset;
    }

    public int vocabularySize() {
        return offset(levelSizes.length);
    }

    /** The flat-vocabulary token of item {@code item} at level {@code level}. */
    public int token(int item, int level) {
        return offset(level) + codes[item][level];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemCodes other && Arrays.deepEquals(codes, other.codes)
                && Arrays.equals(levelSizes, other.levelSizes) && levelNames.equals(other.levelNames);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(codes) + Arrays.hashCode(levelSizes);
    }
}
