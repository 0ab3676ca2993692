package io.recflow.ml.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The codes of {@code items} items from their semantic levels ({@code levelCodes.get(l)[item]}, coarse to
     * fine) plus the final {@link TokenizerConfig#DISAMBIGUATION} level, which numbers the items sharing a
     * tuple 0, 1, 2, ... in item order. Every tokenizer ends this way, so the trie and the beam search see
     * the same shape whatever made the semantic levels. A level's size is its largest code + 1.
     */
    public static ItemCodes withDisambiguation(List<String> levelNames, List<int[]> levelCodes, int items) {
        if (levelNames.size() != levelCodes.size()) {
            throw new IllegalArgumentException(levelNames.size() + " level names for " + levelCodes.size() + " levels");
        }
        int semantic = levelCodes.size();
        int[][] codes = new int[items][semantic + 1];
        int[] sizes = new int[semantic + 1];
        Map<List<Integer>, Integer> seen = new HashMap<>();
        for (int item = 0; item < items; item++) {
            List<Integer> tuple = new ArrayList<>(semantic);
            for (int l = 0; l < semantic; l++) {
                int code = levelCodes.get(l)[item];
                codes[item][l] = code;
                tuple.add(code);
            }
            codes[item][semantic] = seen.merge(tuple, 1, Integer::sum) - 1;
            for (int l = 0; l <= semantic; l++) {
                sizes[l] = Math.max(sizes[l], codes[item][l] + 1);
            }
        }
        List<String> names = new ArrayList<>(levelNames);
        names.add(TokenizerConfig.DISAMBIGUATION);
        return new ItemCodes(codes, sizes, names);
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
