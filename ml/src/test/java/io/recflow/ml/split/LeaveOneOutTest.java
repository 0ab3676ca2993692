package io.recflow.ml.split;

import io.recflow.ml.data.UserSequence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LeaveOneOutTest {

    private static UserSequence user(String id, int... items) {
        long[] times = new long[items.length];
        for (int t = 0; t < items.length; t++) {
            times[t] = 1000L + t;
        }
        return new UserSequence(id, items, times);
    }

    @Test
    void holdsOutTheLastTwoItemsPerUser() {
        LeaveOneOut split = LeaveOneOut.split(List.of(user("a", 5, 6, 7, 8, 9), user("b", 1, 2, 3), user("c", 4, 2)));

        assertEquals(List.of(user("a", 5, 6, 7), user("b", 1), user("c", 4, 2)), split.train());
        assertEquals(List.of(new Example("a", new int[] {5, 6, 7}, 8), new Example("b", new int[] {1}, 2)),
                split.validation());
        assertEquals(List.of(new Example("a", new int[] {5, 6, 7, 8}, 9), new Example("b", new int[] {1, 2}, 3)),
                split.test());
        assertArrayEquals(new long[] {1000, 1001, 1002}, split.train().get(0).timestamps());
    }

    @Test
    void truncatesHistoriesToTheMostRecentItems() {
        LeaveOneOut split = LeaveOneOut.split(List.of(user("a", 5, 6, 7, 8, 9)));
        assertEquals(List.of(new Example("a", new int[] {7, 8}, 9)), split.test(2));
        assertEquals(List.of(new Example("a", new int[] {6, 7}, 8)), split.validation(2));
        Example shortEnough = split.test().get(0);
        assertSame(shortEnough, shortEnough.truncated(10));
        assertThrows(IllegalArgumentException.class, () -> shortEnough.truncated(0));
    }

    @Test
    void batchesHistoriesAndTargetsInOrder() {
        List<Example> examples = List.of(new Example("a", new int[] {1, 2}, 3), new Example("b", new int[] {4}, 5));
        assertArrayEquals(new int[][] {{1, 2}, {4}}, Example.histories(examples));
        assertArrayEquals(new int[] {3, 5}, Example.targets(examples));
    }
}
