package io.recflow.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.lora.AdaptedLinear;
import io.recflow.ml.lora.FoldedLinear;
import io.recflow.ml.train.ParameterStore;

import java.util.Random;

/** The position-wise two-layer feed-forward network with GELU, both layers adaptable. */
public final class FeedForward {

    private final AdaptedLinear inner;
    private final AdaptedLinear outer;

    public FeedForward(ParameterStore store, String name, int hidden, int width, double outputStd, Random random) {
        this.inner = new AdaptedLinear(store, name + ".in", hidden, width, TransformerBlock.WEIGHT_STD, random);
        this.outer = new AdaptedLinear(store, name + ".out", width, hidden, outputStd, random);
    }

    public void attach(AdapterConfig config, Random random) {
        inner.attach(config, random);
        outer.attach(config, random);
    }

    /** The layers folded for inference ({@link AdaptedLinear#fold}). */
    public record Folded(FoldedLinear inner, FoldedLinear outer) {
    }

    public NDArray forward(NDArray x, NDArray gate) {
        return outer.forward(inner.forward(x, gate).getNDArrayInternal().gelu(), gate);
    }

    public Folded fold(NDManager manager, NDArray mixture) {
        return new Folded(inner.fold(manager, mixture), outer.fold(manager, mixture));
    }

    /** {@code x} (users, rows, d), its rows grouped by user as the folded weights are. */
    public static NDArray forward(Folded weights, NDArray x) {
        return weights.outer().apply(weights.inner().apply(x).getNDArrayInternal().gelu());
    }
}
