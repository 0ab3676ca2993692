package io.recflow.ml.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One user's interactions in time order: dense item indexes and their timestamps (a monotone clock: epoch
 * seconds as given, epoch milliseconds from ISO-8601; a data set without times uses the position).
 */
public record UserSequence(String user, int[] items, long[] timestamps) {

    public UserSequence {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(timestamps, "timestamps");
        if (items.length != timestamps.length) {
            throw new IllegalArgumentException("user " + user + ": " + items.length + " items but "
                    + timestamps.length + " timestamps");
        }
    }

    public int length() {
        return items.length;
    }

    /** The first {@code n} interactions (a prefix of the sequence). */
    public UserSequence prefix(int n) {
        return new UserSequence(user, Arrays.copyOf(items, n), Arrays.copyOf(timestamps, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserSequence other && user.equals(other.user)
                && Arrays.equals(items, other.items) && Arrays.equals(timestamps, other.timestamps);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * user.hashCode() + Arrays.hashCode(items)) + Arrays.hashCode(timestamps);
    }

    @Override
    public String toString() {
        return "UserSequence[" + user + ", " + items.length + " events]";
    }
}
