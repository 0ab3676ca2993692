package io.recflow.ml.generative;

import io.recflow.ml.nn.AttentionMasks;
import io.recflow.ml.tokenizer.ItemCodes;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenLayoutTest {

    // Level 0 has 2 codes (tokens 0-1), level 1 has 3 (tokens 2-4): PAD = 5, BOS = 6.
    private static final ItemCodes CODES = new ItemCodes(new int[][] {{0, 0}, {1, 2}, {1, 1}},
            new int[] {2, 3}, List.of("a", "b"));

    @Test
    void leftPadsAndPutsBosRightBeforeTheFirstItem() {
        TokenLayout layout = new TokenLayout(CODES, 3);
        TokenLayout.Batch batch = layout.examples(new int[][] {{1}}, new int[] {2});
        assertEquals(1 + 4 * 2, batch.length());
        assertArrayEquals(new long[] {5, 5, 5, 5, 6, 1, 4, 1, 3}, batch.tokens());
        assertArrayEquals(new long[] {2, 2, 2, 2, 2, 0, 1, 0, 1}, batch.levels());
        assertArrayEquals(new long[] {4, 4, 4, 4, 4, 1, 1, 0, 0}, batch.positions());
        float m = AttentionMasks.MASKED;
        assertArrayEquals(new float[] {m, m, m, m, 0, 0, 0, 0, 0}, batch.keyBias());
        assertEquals(2, batch.firstRealSlot()[0]);
    }

    @Test
    void keepsOnlyTheMostRecentItems() {
        TokenLayout layout = new TokenLayout(CODES, 2);
        TokenLayout.Batch batch = layout.histories(new int[][] {{2, 0, 1}}, 2);
        assertArrayEquals(new long[] {6, 0, 2, 1, 4}, batch.tokens());
        assertArrayEquals(new long[] {3, 2, 2, 1, 1}, batch.positions());
        assertEquals(0, batch.firstRealSlot()[0]);
    }

    @Test
    void anEmptyHistoryIsJustBos() {
        TokenLayout.Batch batch = new TokenLayout(CODES, 2).histories(new int[][] {{}}, 2);
        assertEquals(6, batch.tokens()[4]);
        assertEquals(4, Arrays.stream(batch.tokens()).filter(t -> t == 5).count());
    }

    @Test
    void inferenceEncodesAHistoryInTheSlotsOfItsSizeClass() {
        // 2 codes per item: 8 slots (17 tokens) hold the fewest tokens a history is encoded in
        TokenLayout layout = new TokenLayout(CODES, 20);
        assertArrayEquals(new int[] {8, 8, 8, 8, 16, 16, 20, 20},
                IntStream.of(0, 1, 7, 8, 9, 16, 17, 30).map(layout::slotsFor).toArray());
        assertEquals(3, new TokenLayout(CODES, 3).slotsFor(1), "never more than the history length");
    }

    /** Fewer slots drop padding only: the real tokens keep their ids, levels and positions (distance to the target). */
    @Test
    void aShorterEncodingIsTheFullOneWithoutItsPadding() {
        TokenLayout layout = new TokenLayout(CODES, 3);
        int[][] histories = {{2, 0}};
        TokenLayout.Batch full = layout.histories(histories, 3);
        TokenLayout.Batch shorter = layout.histories(histories, 2);
        assertEquals(1 + 2 * 2, shorter.length());
        int cut = full.length() - shorter.length();
        assertArrayEquals(Arrays.copyOfRange(full.tokens(), cut, full.length()), shorter.tokens());
        assertArrayEquals(Arrays.copyOfRange(full.levels(), cut, full.length()), shorter.levels());
        assertArrayEquals(Arrays.copyOfRange(full.positions(), cut, full.length()), shorter.positions());
        assertArrayEquals(Arrays.copyOfRange(full.keyBias(), cut, full.length()), shorter.keyBias());
        assertThrows(IllegalArgumentException.class, () -> layout.histories(histories, 4));
    }

    @Test
    void rejectsUnknownItems() {
        assertThrows(IllegalArgumentException.class, () -> new TokenLayout(CODES, 2).histories(new int[][] {{3}}, 2));
    }
}
