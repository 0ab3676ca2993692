package io.recflow.ml.split;

import java.util.Arrays;
import java.util.List;

/** One evaluation case: a user's history (dense item indexes, oldest first) and the item that came next. */
public record Example(String user, int[] history, int target) {

    /** The same example keeping only the most recent {@code maxHistory} items of the history. */
    public Example truncated(int maxHistory) {
        if (maxHistory < 1) {
            throw new IllegalArgumentException("maxHistory must be >= 1, was " + maxHistory);
        }
        return history.length <= maxHistory ? this : new Example(user, mostRecent(history, maxHistory), target);
    }

    /** The most recent {@code n} items of {@code history} (all of it when shorter): what evaluation and serving read. */
    public static int[] mostRecent(int[] history, int n) {
        return history.length <= n ? history : Arrays.copyOfRange(history, history.length - n, history.length);
    }

    /** The histories of {@code examples} as one batch, in order. */
    public static int[][] histories(List<Example> examples) {
        return examples.stream().map(Example::history).toArray(int[][]::new);
    }

    public static int[] targets(List<Example> examples) {
        return examples.stream().mapToInt(Example::target).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example other && user.equals(other.user) && target == other.target
                && Arrays.equals(history, other.history);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * user.hashCode() + Arrays.hashCode(history)) + target;
    }

    @Override
    public String toString() {
        return "Example[" + user + ", " + history.length + " history items -> " + target + "]";
    }
}
