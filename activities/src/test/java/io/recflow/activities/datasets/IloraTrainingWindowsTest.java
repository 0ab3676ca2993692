package io.recflow.activities.datasets;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IloraTrainingWindowsTest {

    private final RawData out = new RawData();
    private final IloraTrainingWindows windows = new IloraTrainingWindows(out);

    {
        out.trainUsers = new ArrayList<>();
    }

    @Test
    void growingAndThenSlidingWindowsAreOneUser() {
        row("train-0", List.of(), "a");
        row("train-1", List.of("a"), "b");
        row("train-2", List.of("a", "b"), "c");
        row("train-3", List.of("b", "c"), "d");
        windows.finish();

        assertEquals(List.of("train-0"), out.trainUsers);
        assertEquals(List.of("a", "b", "c", "d"), out.events.items("train-0"));
    }

    @Test
    void aWindowThatIsNotTheEndOfTheItemsSoFarStartsTheNextUser() {
        row("train-0", List.of(), "a");
        row("train-1", List.of("a"), "b");
        row("train-2", List.of("x"), "y");
        windows.finish();

        assertEquals(List.of("train-0", "train-2"), out.trainUsers);
        assertEquals(List.of("x", "y"), out.events.items("train-2"));
    }

    @Test
    void aShorterWindowThanThePreviousStartsTheNextUserEvenWhenItMatches() {
        row("train-0", List.of("a", "b"), "c");
        row("train-1", List.of("c"), "d");
        windows.finish();

        assertEquals(List.of("train-0", "train-1"), out.trainUsers);
    }

    /** What IloraFile does with a training row whose id is new. */
    private void row(String user, List<String> window, String target) {
        if (!windows.continuesCurrentUser(window)) {
            windows.startUser(user, window);
        }
        windows.add(window, target);
    }
}
