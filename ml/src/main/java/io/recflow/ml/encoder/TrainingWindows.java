package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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

    /** The windows of {@code sequences}, whose items must be dense indexes below {@code itemCount}. */
    static TrainingWindows of(List<UserSequence> sequences, int length, int itemCount) {
        List<long[]> inputs = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        for (UserSequence sequence : sequences) {
            int[] items = sequence.items();
            checkItems(items, itemCount, "user " + sequence.user());
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

    /**
     * Some windows as arrays in {@code manager}.
     *
     * @param inputIds    (B, T) int64 model input ids
     * @param slots       (M) int64 the slots that have a target, as row * T + position, in order
     * @param slotTargets (M, 1) int64 the item index each of them predicts
     * @param weights     (B, T) float32, 1 where a slot has a target, else 0
     * @param counted     M, how many slots have a target
     */
    record Batch(NDArray inputIds, NDArray slots, NDArray slotTargets, NDArray weights, int counted) {
    }

    Batch batch(NDManager manager, int[] windows) {
        int length = inputs[0].length;
        long[] ids = new long[windows.length * length];
        float[] weights = new float[ids.length];
        long[] slots = new long[ids.length];
        long[] slotTargets = new long[ids.length];
        int counted = 0;
        for (int row = 0; row < windows.length; row++) {
            System.arraycopy(inputs[windows[row]], 0, ids, row * length, length);
            for (int t = 0; t < length; t++) {
                int target = targets[windows[row]][t];
                if (target != NO_TARGET) {
                    weights[row * length + t] = 1f;
                    slots[counted] = row * length + t;
                    slotTargets[counted++] = target;
                }
            }
        }
        Shape shape = new Shape(windows.length, length);
        return new Batch(manager.create(ids, shape), manager.create(Arrays.copyOf(slots, counted)),
                manager.create(Arrays.copyOf(slotTargets, counted), new Shape(counted, 1)),
                manager.create(weights, shape), counted);
    }

    static void checkItems(int[] items, int itemCount, String where) {
        for (int item : items) {
            if (item < 0 || item >= itemCount) {
                throw new IllegalArgumentException(where + " refers to item " + item + " outside 0.." + (itemCount - 1));
            }
        }
    }
}
