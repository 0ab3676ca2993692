package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.nn.KeyValues;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodingPassesTest {

    /** Each pass grows the cache by one token from the last pass's arrays, as a cached decoding step does. */
    @Test
    void aLongLoopHoldsTheArraysOfTwoPassesNotOfEveryPass() {
        try (NDManager root = NDManager.newBaseManager(); DecodingPasses passes = new DecodingPasses(root)) {
            NDManager first = passes.next();
            LlamaModel.Output out = passes.keep(output(first.zeros(new Shape(1, 4)), first.zeros(new Shape(1, 1, 1, 4))));
            for (int step = 1; step <= 50; step++) {
                NDManager pass = passes.next();
                NDArray token = pass.ones(new Shape(1, 1, 1, 4));
                NDArray scratch = pass.ones(new Shape(1_000)).mul(pass.ones(new Shape(1_000)));
                // The grown cache is made from the last pass's array, and so belongs to the last pass's manager.
                NDArray grown = out.cache().layers().get(0).keys().concat(token, 2);
                out = passes.keep(output(scratch.sum().reshape(1, 1), grown));
                assertEquals(step + 1, out.cache().layers().get(0).keys().getShape().get(2));
                assertEquals(step, out.cache().layers().get(0).keys().sum().getFloat() / 4, 1e-6);
                int live = root.getManagedArrays().size();
                assertTrue(live > 0 && live <= 8, "arrays alive after pass " + step + ": " + live);
            }
        }
    }

    private static LlamaModel.Output output(NDArray hidden, NDArray keys) {
        return new LlamaModel.Output(hidden, new KvCache(List.of(new KeyValues(keys, keys)), 1,
                (int) keys.getShape().get(2), new boolean[(int) keys.getShape().get(2)],
                new int[] {(int) keys.getShape().get(2)}));
    }
}
