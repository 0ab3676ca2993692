package io.recflow.ml.llara;

import io.recflow.ml.split.Example;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CandidateOrderTest {

    private static final int[] HISTORY = {3, 1, 4, 15, 9};

    @Test
    void evaluationAndServingListTheSameCandidatesAlikeWhateverOrderTheyCameIn() {
        int[] drawn = {26, 5, 35, 8, 97, 93, 2};
        int[] reordered = {2, 93, 97, 8, 35, 5, 26};
        int[] shown = LlaraScorer.shown(new Example("u1", HISTORY, 26), drawn);

        assertArrayEquals(shown, CandidateOrder.of(HISTORY, reordered), "serving lists what the evaluation listed");
        assertArrayEquals(shown, LlaraScorer.shown(new Example("another user", HISTORY, 26), reordered));
        int[] sorted = shown.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[]{2, 5, 8, 26, 35, 93, 97}, sorted);
        assertFalse(Arrays.equals(shown, CandidateOrder.of(new int[]{3, 1, 4, 15, 10}, drawn)),
                "another history, another order (a fixed order would teach the model a position)");
    }
}
