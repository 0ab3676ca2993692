package io.recflow.ml.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContextTreeTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = Engine.getEngine("PyTorch").newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void aLeafPosteriorIsTheProductOfTheGatesAlongItsPath() {
        NDArray first = gates(new float[] {0.2f, 0.3f, 0.5f});
        NDArray second = gates(new float[] {0.6f, 0.3f, 0.1f});
        float[] leaves = ContextTree.logPosterior(List.of(first, second)).exp().toFloatArray();
        assertEquals(9, leaves.length);
        // The first level's context is the most significant digit of the leaf index.
        assertEquals(0.3f * 0.1f, leaves[1 * 3 + 2], 1e-6);
        assertEquals(0.5f * 0.6f, leaves[2 * 3], 1e-6);
        double sum = 0;
        for (float leaf : leaves) {
            sum += leaf;
        }
        assertEquals(1, sum, 1e-6);
    }

    @Test
    void klIsPositiveAwayFromThePriorAndZeroAtIt() {
        Random random = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            NDArray posterior = randomLogDistributions(random, 4, 9);
            NDArray prior = randomLogDistributions(random, 1, 9).reshape(9);
            float[] divergences = ContextTree.divergence(posterior.reshape(1, 4, 9), prior).toFloatArray();
            for (float d : divergences) {
                assertTrue(d > 0, "KL " + d);
            }
        }
        NDArray posterior = randomLogDistributions(random, 1, 9);
        float[] atThePrior = ContextTree.divergence(posterior.reshape(1, 1, 9), posterior.reshape(9)).toFloatArray();
        assertEquals(0, atThePrior[0], 1e-6);
    }

    @Test
    void thePriorAveragesThePseudoSequencesLastPositions() {
        // Two pseudo-sequences of two positions, one level of two contexts.
        NDArray gates = manager.create(new float[] {0.5f, 0.5f, 0.9f, 0.1f, 0.5f, 0.5f, 0.3f, 0.7f},
                new Shape(2, 2, 2)).log();
        assertArrayEquals(new float[] {0.6f, 0.4f}, ContextTree.logPrior(List.of(gates)).exp().toFloatArray(), 1e-6f);
    }

    /** One position's gate distribution as log-probabilities (1, 1, C). */
    private static NDArray gates(float[] probabilities) {
        return manager.create(probabilities, new Shape(1, 1, probabilities.length)).log();
    }

    private static NDArray randomLogDistributions(Random random, int rows, int size) {
        float[] logits = new float[rows * size];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (2 * random.nextGaussian());
        }
        return manager.create(logits, new Shape(rows, size)).logSoftmax(-1);
    }
}
