package io.recflow.ml.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.ops.BatchInvariantLinear;
import io.recflow.ml.train.Initialization;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.ParameterStore;

import java.util.Random;

/**
 * iLoRA's gate: g = softmax(W h_u + b) over the experts, from the frozen sequence encoder's
 * representation h_u of the user's history. One gate value per instance, shared by every adapted
 * layer, so that each user gets their own mixture of the same experts. It trains at a reduced
 * learning rate.
 *
 * <p>This is the linear form the iLoRA paper describes; the scripts released with it put a small
 * ResNet in front of the softmax instead.
 */
public final class ExpertGate {

    private final Parameter weight;
    private final Parameter bias;
    private final int rankPerExpert;
    private final float scaling;

    public ExpertGate(ParameterStore store, String name, AdapterConfig config, Random random) {
        int in = config.gateInputDim();
        int experts = config.experts();
        this.rankPerExpert = config.rankPerExpert();
        this.scaling = (float) config.scaling();
        float scale = (float) config.gateLearningRateScale();
        // PyTorch's nn.Linear defaults, as in the official implementation's gate.
        this.weight = store.add(name + ".weight", new Shape(experts, in),
                Initialization.kaimingUniform(random, experts * in, in), scale);
        this.bias = store.add(name + ".bias", new Shape(experts), Initialization.kaimingUniform(random, experts, in),
                scale);
    }

    /** Expert weights, (rows, experts), each row summing to 1, from representations (rows, gateInputDim). */
    public NDArray weights(NDArray representations) {
        NDArray logits = BatchInvariantLinear.apply(representations, weight.array(), bias.array());
        return logits.softmax(-1);
    }

    /**
     * What every adapted layer multiplies its rank components by, (rows, 1, rank): each expert's
     * weight repeated over its r/E components, times LoRA's scaling. Computed once per forward pass
     * rather than in each of the (many) adapted layers, where it was a third of their operations.
     */
    public NDArray mixture(NDArray representations) {
        NDArray scale = representations.getManager().full(new Shape(), scaling, DataType.FLOAT32);
        return weights(representations).repeat(1, rankPerExpert).mul(scale).expandDims(1);
    }
}
