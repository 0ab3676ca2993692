package io.recflow.ml.generative;

import io.recflow.ml.nn.AttentionMasks;
import io.recflow.ml.ops.SizeClasses;
import io.recflow.ml.tokenizer.ItemCodes;

import java.util.Arrays;

/**
 * How histories (and targets) become the backbone's token sequence. Every item is its K codes,
 * coarse to fine, as flat-vocabulary tokens; the sequence has a fixed length, left-padded:
 *
 * <pre>
 *   [PAD .. PAD] BOS  h_1(K tokens) .. h_n(K tokens)  [target(K tokens)]
 * </pre>
 *
 * so that item slot s (0..N, slot N is the target) always starts at token 1 + s*K, and token j
 * always predicts a code of level j mod K. Items are positioned by their distance from the target
 * (target 0, the latest history item 1, ...), which is the same for any history length. BOS sits just
 * before the first real item, so the first item is always predicted from BOS, never from padding.
 * PAD and BOS are the two ids after the codes' vocabulary and share an extra level and position id.
 *
 * <p>Training uses N = the history length. Inference encodes a history in the slots of its size class
 * ({@link #slotsFor}, {@link SizeClasses}).
 */
final class TokenLayout {

    private final ItemCodes codes;
    private final int historyLength;
    private final int levels;

    TokenLayout(ItemCodes codes, int historyLength) {
        this.codes = codes;
        this.historyLength = historyLength;
        this.levels = codes.levels();
    }

    /** One batch in the layout: (rows, length) ids, and per row which slots hold real items. */
    record Batch(int rows, int length, long[] tokens, long[] levels, long[] positions, float[] keyBias,
                 int[] firstRealSlot) {
    }

    int levels() {
        return levels;
    }

    int historyLength() {
        return historyLength;
    }

    int pad() {
        return codes.vocabularySize();
    }

    int bos() {
        return codes.vocabularySize() + 1;
    }

    int vocabulary() {
        return codes.vocabularySize() + 2;
    }

    /** Level id of PAD and BOS. */
    int specialLevel() {
        return levels;
    }

    /** Position id of PAD and BOS (one past the oldest history item). */
    int specialPosition() {
        return historyLength + 1;
    }

    /** The most recent {@code slots} (at most {@link #historyLength()}) items of each history, in that many slots. */
    Batch histories(int[][] histories, int slots) {
        if (slots < 0 || slots > historyLength) {
            throw new IllegalArgumentException("slots must be in 0.." + historyLength + ", was " + slots);
        }
        return encode(histories, null, slots);
    }

    /** Each history followed by its target item. */
    Batch examples(int[][] histories, int[] targets) {
        return encode(histories, targets, historyLength);
    }

    /**
     * The slots inference encodes a history of {@code items} items in ({@link SizeClasses#slots}): enough for
     * {@link SizeClasses#STABLE_TOKENS} tokens, at most the history length.
     */
    int slotsFor(int items) {
        int fewest = (SizeClasses.STABLE_TOKENS - 1 + levels - 1) / levels; // BOS and K tokens per slot
        return SizeClasses.slots(items, fewest, historyLength);
    }

    private Batch encode(int[][] histories, int[] targets, int slots) {
        int rows = histories.length;
        int length = 1 + slots * levels + (targets == null ? 0 : levels);
        long[] tokens = new long[rows * length];
        long[] levelIds = new long[rows * length];
        long[] positions = new long[rows * length];
        float[] keyBias = new float[rows * length];
        int[] firstRealSlot = new int[rows];
        Arrays.fill(tokens, pad());
        Arrays.fill(levelIds, specialLevel());
        Arrays.fill(positions, specialPosition());
        Arrays.fill(keyBias, AttentionMasks.MASKED);
        for (int r = 0; r < rows; r++) {
            int[] history = histories[r];
            int n = Math.min(slots, history.length);
            int firstSlot = slots - n;
            int base = r * length;
            firstRealSlot[r] = firstSlot;
            int bos = base + firstSlot * levels;
            tokens[bos] = bos();
            keyBias[bos] = 0;
            for (int i = 0; i < n; i++) {
                putItem(history[history.length - n + i], firstSlot + i, slots - firstSlot - i, base, tokens, levelIds,
                        positions, keyBias);
            }
            if (targets != null) {
                putItem(targets[r], slots, 0, base, tokens, levelIds, positions, keyBias);
            }
        }
        return new Batch(rows, length, tokens, levelIds, positions, keyBias, firstRealSlot);
    }

    /** @param distance the item's position id: how many items before the target it is */
    private void putItem(int item, int slot, int distance, int base, long[] tokens, long[] levelIds, long[] positions,
                         float[] keyBias) {
        if (item < 0 || item >= codes.itemCount()) {
            throw new IllegalArgumentException("item index " + item + " outside the " + codes.itemCount()
                    + " items the tokenizer knows");
        }
        int start = base + 1 + slot * levels;
        for (int l = 0; l < levels; l++) {
            tokens[start + l] = codes.token(item, l);
            levelIds[start + l] = l;
            positions[start + l] = distance;
            keyBias[start + l] = 0;
        }
    }

    /** Token ids of code prefixes that continue a history: {@code prefixes[row][l]} is a level-l code. */
    long[] continuationTokens(int[][] prefixes) {
        int length = prefixes.length == 0 ? 0 : prefixes[0].length;
        long[] tokens = new long[prefixes.length * length];
        for (int r = 0; r < prefixes.length; r++) {
            for (int l = 0; l < length; l++) {
                tokens[r * length + l] = codes.offset(l) + prefixes[r][l];
            }
        }
        return tokens;
    }

    /** The tokens of level-{@code level} codes, one per row. */
    long[] levelTokens(int level, int[] levelCodes) {
        long[] tokens = new long[levelCodes.length];
        for (int r = 0; r < levelCodes.length; r++) {
            tokens[r] = codes.offset(level) + levelCodes[r];
        }
        return tokens;
    }
}
