package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.recflow.ml.nn.KeyValues;

import java.util.ArrayList;
import java.util.List;

/**
 * Every layer's keys and values of the tokens seen so far, (rows, kvHeads, length, headSize), with
 * which of them are real tokens (pads stay masked for every later query) and how many real tokens
 * each row has (the position of its next token).
 *
 * @param valid row-major (rows x length)
 */
public record KvCache(List<KeyValues> layers, int rows, int length, boolean[] valid, int[] counts) {

    /** The cache with its rows reordered or duplicated: row i of the result is row {@code sources[i]} (beam search). */
    public KvCache select(NDManager manager, int[] sources) {
        long[] index = new long[sources.length];
        boolean[] selectedValid = new boolean[sources.length * length];
        int[] selectedCounts = new int[sources.length];
        for (int i = 0; i < sources.length; i++) {
            index[i] = sources[i];
            System.arraycopy(valid, sources[i] * length, selectedValid, i * length, length);
            selectedCounts[i] = counts[sources[i]];
        }
        NDArray rowsIndex = manager.create(index);
        List<KeyValues> selected = new ArrayList<>(layers.size());
        for (KeyValues kv : layers) {
            selected.add(new KeyValues(kv.keys().get(new NDIndex("{}", rowsIndex)),
                    kv.values().get(new NDIndex("{}", rowsIndex))));
        }
        return new KvCache(selected, sources.length, length, selectedValid, selectedCounts);
    }

    /**
     * Moves every layer's keys and values to {@code manager}: a pass's new cache is built from the last one's
     * arrays and would otherwise belong to that pass's manager.
     */
    public void attach(NDManager manager) {
        for (KeyValues kv : layers) {
            kv.keys().attach(manager);
            kv.values().attach(manager);
        }
    }

    /** Every row repeated {@code times} times in place (one prompt's cache shared by several continuations). */
    public KvCache repeat(NDManager manager, int times) {
        int[] sources = new int[rows * times];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = i / times;
        }
        return select(manager, sources);
    }
}
