package io.recflow.ml.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.ops.BatchInvariantLinear;

import java.util.List;

/**
 * An {@link AdaptedLinear} for inference, its adapter folded into the weight: y = x W'^T + b with
 * W' = W + scaling B A for plain LoRA (one weight for every user) or W' = W + B diag(mixture_u) A for
 * MoE-LoRA (one weight per user, from that user's gate). It computes what the adapted layer computes, up
 * to rounding, in one matmul instead of three matmuls, a mixture and a sum: at inference, where a pass
 * is many small calls of PyTorch and each call costs more than its arithmetic, that is most of a layer's
 * time. Made for one request (or one batch of them): what it computes lives in that request's manager; a
 * layer without adapter keeps the model's own weight.
 */
public final class FoldedLinear {

    private final NDArray weight;
    private final NDArray bias;
    private final boolean perUser;

    /** @param weight (out, in) shared by every row, or (users, in, out) when {@code perUser} */
    private FoldedLinear(NDArray weight, NDArray bias, boolean perUser) {
        this.weight = weight;
        this.bias = bias;
        this.perUser = perUser;
    }

    /** One weight (out, in) for every row; {@code bias} (out) or null. */
    static FoldedLinear shared(NDArray weight, NDArray bias) {
        return new FoldedLinear(weight, bias, false);
    }

    /** Each user's own weight, (users, out, in); {@code bias} (out) or null. */
    static FoldedLinear perUser(NDArray weights, NDArray bias) {
        // Transposed once here, as the product reads it, rather than in every pass.
        return new FoldedLinear(weights.transpose(0, 2, 1), bias, true);
    }

    /** {@code x} is (users, rows per user, in), the rows grouped by user as the weights are; returns (users, rows, out). */
    public NDArray apply(NDArray x) {
        return perUser ? BatchInvariantLinear.applyPerUser(x, weight, bias) : BatchInvariantLinear.apply(x, weight, bias);
    }

    /** This layer with its output multiplied by {@code factor}, a scalar of the request's manager. */
    public FoldedLinear scaled(NDArray factor) {
        return new FoldedLinear(factor.mul(weight), bias == null ? null : factor.mul(bias), perUser);
    }

    /**
     * The layers side by side as one, over the same input: its output is theirs concatenated. All are
     * per user or none; all have a bias or none.
     */
    public static FoldedLinear concat(NDManager manager, List<FoldedLinear> layers) {
        boolean perUser = layers.get(0).perUser;
        NDList weights = new NDList();
        NDList biases = new NDList();
        for (FoldedLinear layer : layers) {
            if (layer.perUser != perUser || (layer.bias == null) != (layers.get(0).bias == null)) {
                throw new IllegalArgumentException("only layers folded alike can be concatenated");
            }
            weights.add(layer.weight);
            biases.add(layer.bias);
        }
        // The parts may be parameters of the model (a layer without adapter): the result is the request's.
        NDArray weight = inManager(manager, NDArrays.concat(weights, perUser ? 2 : 0));
        NDArray bias = layers.get(0).bias == null ? null : inManager(manager, NDArrays.concat(biases, 0));
        return new FoldedLinear(weight, bias, perUser);
    }

    private static NDArray inManager(NDManager manager, NDArray array) {
        array.attach(manager);
        return array;
    }
}
