package io.recflow.ml.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.data.UserSequence;
import io.recflow.ml.train.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The loss scores only the slots with a target, and is the mean cross-entropy over exactly those. */
class NextItemLossTest {

    private static final int ITEMS = 9;

    @Test
    void aBatchNamesTheSlotsWithATargetAndWhatTheyPredict() {
        TrainingWindows windows = windows();
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            TrainingWindows.Batch batch = windows.batch(manager, new int[] {1, 0});
            // window 1 (left-padded: targets -1, -1, 2) first, then window 0 (targets 3, 4, 5); windows of 3
            assertArrayEquals(new long[] {2, 3, 4, 5}, batch.slots().toLongArray());
            assertArrayEquals(new long[] {2, 3, 4, 5}, batch.slotTargets().toLongArray());
            assertEquals(4, batch.counted());
        }
    }

    @Test
    void isTheMeanCrossEntropyOverTheSlotsThatHaveATarget() {
        TrainingWindows windows = windows();
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            ParameterStore store = new ParameterStore(manager);
            SasRecNetwork network = new SasRecNetwork(store,
                    new SasRecConfig(8, 1, 2, 3, 1, 2, 1e-3, 42), ITEMS);
            TrainingWindows.Batch batch = windows.batch(manager, new int[] {0, 1});
            NDArray hidden = network.hidden(batch.inputIds());
            float loss = NextItemLoss.of(network, hidden, batch).getFloat();

            // By hand, over every slot: log-softmax of the logits, the target's entry where there is one.
            float[][] logits = rows(network.embedding().logits(hidden).reshape(-1, ITEMS));
            int[] targets = {3, 4, 5, -1, -1, 2};
            double sum = 0;
            int counted = 0;
            for (int slot = 0; slot < targets.length; slot++) {
                if (targets[slot] >= 0) {
                    sum -= logits[slot][targets[slot]] - logSumExp(logits[slot]);
                    counted++;
                }
            }
            assertEquals(sum / counted, loss, 1e-5);
        }
    }

    /** Two windows of 3: a full one (targets 3, 4, 5) and a left-padded one (targets -1, -1, 2). */
    private static TrainingWindows windows() {
        return TrainingWindows.of(List.of(new UserSequence("a", new int[] {1, 2, 3, 4, 5}, new long[5])), 3, ITEMS);
    }

    private static float[][] rows(NDArray matrix) {
        int width = (int) matrix.getShape().get(1);
        float[] flat = matrix.toFloatArray();
        float[][] rows = new float[flat.length / width][width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(flat, r * width, rows[r], 0, width);
        }
        return rows;
    }

    private static double logSumExp(float[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}
