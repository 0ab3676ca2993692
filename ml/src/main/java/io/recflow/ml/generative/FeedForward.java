package io.recflow.ml.generative;

import ai.djl.ndarray.NDArray;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.lora.AdaptedLinear;
import io.recflow.ml.train.ParameterStore;

import java.util.Random;

/** The position-wise two-layer feed-forward network with GELU, both layers adaptable. */
final class FeedForward {

    private final AdaptedLinear inner;
    private final AdaptedLinear outer;

    FeedForward(ParameterStore store, String name, BackboneConfig config, double outputStd, Random random) {
        int d = config.hidden();
        int width = d * config.ffnMultiplier();
        this.inner = new AdaptedLinear(store, name + ".in", d, width, Backbone.WEIGHT_STD, random);
        this.outer = new AdaptedLinear(store, name + ".out", width, d, outputStd, random);
    }

    void attach(AdapterConfig config, Random random) {
        inner.attach(config, random);
        outer.attach(config, random);
    }

    NDArray forward(NDArray x, NDArray gate) {
        return outer.forward(inner.forward(x, gate).getNDArrayInternal().gelu(), gate);
    }
}
