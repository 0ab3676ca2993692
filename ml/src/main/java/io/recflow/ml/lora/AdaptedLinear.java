package io.recflow.ml.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.ops.BatchInvariantLinear;
import io.recflow.ml.train.Dropout;
import io.recflow.ml.train.Initialization;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.ParameterStore;

import java.util.Random;

/**
 * A linear layer y = W0 x + b that can take a {@link LoraExperts} adapter: y = W0 x + b + delta(x).
 * The backbone builds all its adaptable layers from this class, so attaching adapters never changes
 * the model's code path or parameter names of the base. The bias is optional: pretrained Llama
 * projections have none.
 */
public final class AdaptedLinear {

    private final ParameterStore store;
    private final String name;
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private LoraExperts adapter;

    /** A base layer with weights drawn from N(0, weightStd) and a zero bias. */
    public AdaptedLinear(ParameterStore store, String name, int in, int out, double weightStd, Random random) {
        this(store, name, in, out, Initialization.normal(random, out * in, weightStd), new float[out]);
    }

    /** A base layer with given (out, in) row-major weights and bias values, or no bias when {@code bias} is null. */
    public AdaptedLinear(ParameterStore store, String name, int in, int out, float[] weight, float[] bias) {
        this.store = store;
        this.name = name;
        this.in = in;
        this.out = out;
        this.weight = store.add(name + ".weight", new Shape(out, in), weight);
        this.bias = bias == null ? null : store.add(name + ".bias", new Shape(out), bias);
    }

    /** Adds a low-rank adapter (trainable; freezing the base is the caller's decision). */
    public void attach(AdapterConfig config, Random random) {
        if (adapter != null) {
            throw new IllegalStateException(name + " already has an adapter");
        }
        adapter = new LoraExperts(store, name, in, out, config, random);
    }

    /** {@code x} is (rows, tokens, in); {@code mixture} is {@link ExpertGate#mixture}'s, or null when ungated. */
    public NDArray forward(NDArray x, NDArray mixture) {
        return forward(x, mixture, null);
    }

    /** As {@link #forward(NDArray, NDArray)}, with the adapter's input dropped out by {@code dropout} (training) or not (null). */
    public NDArray forward(NDArray x, NDArray mixture, Dropout dropout) {
        NDArray base = BatchInvariantLinear.apply(x, weight.array(), bias == null ? null : bias.array());
        return adapter == null ? base : base.add(adapter.delta(Dropout.apply(dropout, x), mixture));
    }

    /**
     * This layer for inference, its adapter folded into the weight ({@link FoldedLinear}), in
     * {@code manager}: per user when {@code mixture} ({@link ExpertGate#mixture}'s (users, 1, rank)) is
     * given, else one weight for all.
     */
    public FoldedLinear fold(NDManager manager, NDArray mixture) {
        NDArray b = bias == null ? null : bias.array();
        if (adapter == null) {
            // The base weight itself, shared by every user (a per-user copy would be the same numbers).
            return FoldedLinear.shared(weight.array(), b);
        }
        NDArray folded = adapter.foldInto(manager, weight.array(), mixture);
        return mixture == null ? FoldedLinear.shared(folded, b) : FoldedLinear.perUser(folded, b);
    }
}
