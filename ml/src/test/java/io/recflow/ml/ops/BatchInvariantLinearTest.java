package io.recflow.ml.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A row's output does not depend on how many rows share the call, bit for bit. */
class BatchInvariantLinearTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(7);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** The shapes of recflow's layers, including those where plain matmul differs below 16 rows. */
    @ParameterizedTest
    @CsvSource({"64, 2", "64, 8", "256, 64", "64, 256", "8, 64", "4, 8"})
    void aRowComesOutTheSameAloneAndInABatch(int in, int out) {
        NDArray weight = manager.randomNormal(new Shape(out, in));
        NDArray bias = manager.randomNormal(new Shape(out));
        NDArray batch = manager.randomNormal(new Shape(40, 3, in));
        NDArray together = BatchInvariantLinear.apply(batch, weight, bias);
        assertEquals(new Shape(40, 3, out), together.getShape());
        for (int rows : new int[]{1, 2, 5}) {
            NDIndex first = new NDIndex(":{}", rows);
            NDArray alone = BatchInvariantLinear.apply(batch.get(first), weight, bias);
            assertEquals(new Shape(rows, 3, out), alone.getShape());
            assertArrayEquals(together.get(first).toFloatArray(), alone.toFloatArray(), rows + " rows");
        }
        NDArray oneVector = BatchInvariantLinear.apply(batch.get("0, 0"), weight, bias);
        assertArrayEquals(together.get("0, 0").toFloatArray(), oneVector.toFloatArray(), "a single vector");
    }

    /** Attention's products against keys a user's rows share: (users, heads, rows, d) by (users, heads, d, keys). */
    @ParameterizedTest
    @CsvSource({"32, 40", "32, 9", "9, 32"})
    void aQueryRowScoresTheSameKeysAloneAndAmongMany(int d, int keys) {
        NDArray shared = manager.randomNormal(new Shape(3, 2, d, keys));
        NDArray queries = manager.randomNormal(new Shape(3, 2, 48, d));
        NDArray together = BatchInvariantLinear.matMul(queries, 2, shared);
        assertEquals(new Shape(3, 2, 48, keys), together.getShape());
        for (int rows : new int[]{1, 2, 3, 4, 12}) {
            NDIndex first = new NDIndex(":, :, :{}", rows);
            NDArray alone = BatchInvariantLinear.matMul(queries.get(first), 2, shared);
            assertArrayEquals(together.get(first).toFloatArray(), alone.toFloatArray(), rows + " rows");
        }
    }
}
