package io.recflow.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.train.Initialization;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.ParameterStore;

/** Layer normalisation over the last axis with a learned gain and bias. */
public final class LayerNorm {

    private static final float EPSILON = 1e-5f;

    private final Parameter gain;
    private final Parameter bias;
    private final Shape normalized;

    public LayerNorm(ParameterStore store, String name, int size) {
        this.gain = store.add(name + ".gain", new Shape(size), Initialization.constant(size, 1f));
        this.bias = store.add(name + ".bias", new Shape(size), new float[size]);
        this.normalized = new Shape(size);
    }

    public NDArray forward(NDArray x) {
        return x.getNDArrayInternal().layerNorm(x, normalized, gain.array(), bias.array(), EPSILON).singletonOrThrow();
    }
}
