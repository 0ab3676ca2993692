package io.recflow.ml.encoder;

import io.recflow.ml.data.UserSequence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainingWindowsTest {

    @Test
    void cutsLongSequencesFromTheEndAndLeftPadsTheRest() {
        TrainingWindows windows = TrainingWindows.of(List.of(
                new UserSequence("a", new int[] {1, 2, 3, 4, 5}, new long[5]),
                new UserSequence("b", new int[] {7}, new long[1])), 3, 8);

        // 4 transitions of "a" make a full window and a left-padded one; "b" has no transition.
        assertEquals(2, windows.size());
        assertArrayEquals(new long[] {3, 4, 5}, windows.inputs[0]);   // items 2, 3, 4 shifted by the padding id
        assertArrayEquals(new int[] {3, 4, 5}, windows.targets[0]);
        assertArrayEquals(new long[] {0, 0, 2}, windows.inputs[1]);
        assertArrayEquals(new int[] {-1, -1, 2}, windows.targets[1]);
    }
}
