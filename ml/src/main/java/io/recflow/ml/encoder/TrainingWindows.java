package io.recflow.ml.encoder;

import io.recflow.ml.data.UserSequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Next-item training windows: slot t of a window holds an input item and the item that followed it.
 * A sequence longer than the window is cut, from its end backwards, into consecutive windows, so
 * every transition is trained on once per epoch; the oldest window is left-padded (input 0 =
 * padding, target -1 = no target), matching how histories are padded at inference.
 */
final class TrainingWindows {

    static final int NO_TARGET = -1;

    /** Model input ids (item index + 1, 0 = padding), one row per window. */
    final long[][] inputs;
    /** Item indexes to predict, {@link #NO_TARGET} where the input is padding. */
    final int[][] targets;

    private TrainingWindows(long[][] inputs, int[][] targets) {
        this.inputs = inputs;
        this.targets = targets;
    }

    static TrainingWindows of(List<UserSequence> sequences, int length) {
        List<long[]> inputs = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        for (UserSequence sequence : sequences) {
            int[] items = sequence.items();
            // Transition i predicts items[i + 1] from items[0..i]; windows cover transitions [start, end).
            for (int end = items.length - 1; end > 0; end -= length) {
                int start = Math.max(0, end - length);
                long[] input = new long[length];
                int[] target = new int[length];
                int offset = length - (end - start);
                Arrays.fill(target, 0, offset, NO_TARGET);
                for (int i = start; i < end; i++) {
                    input[offset + i - start] = items[i] + 1L;
                    target[offset + i - start] = items[i + 1];
                }
                inputs.add(input);
                targets.add(target);
            }
        }
        return new TrainingWindows(inputs.toArray(long[][]::new), targets.toArray(int[][]::new));
    }

    int size() {
        return inputs.length;
    }
}
