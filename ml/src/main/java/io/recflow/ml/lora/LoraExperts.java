package io.recflow.ml.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.ops.BatchInvariantLinear;
import io.recflow.ml.train.Initialization;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.ParameterStore;

import java.util.Random;

/**
 * The low-rank update of one linear layer: E experts of rank r/E, computed as
 * scaling * sum_e g_e B_e (A_e x). The experts' A matrices are stacked into one (r, in) matrix and
 * their B matrices into one (out, r) matrix, so the mixture is a single pair of matmuls with each
 * rank component weighted by its expert's gate value. Without a gate (plain LoRA) every component
 * has weight 1. B starts at zero, so an adapted layer starts out exactly as its base.
 */
public final class LoraExperts {

    private final Parameter down;
    private final Parameter up;
    private final float scaling;

    public LoraExperts(ParameterStore store, String name, int in, int out, AdapterConfig config, Random random) {
        int rank = config.rank();
        this.scaling = (float) config.scaling();
        this.down = store.add(name + ".lora_a", new Shape(rank, in), Initialization.kaimingUniform(random, rank * in, in));
        this.up = store.add(name + ".lora_b", new Shape(out, rank), new float[out * rank]);
    }

    /**
     * The update for {@code x} (rows, tokens, in). {@code mixture} is {@link ExpertGate#mixture}'s
     * (rows, 1, rank) for x's rows, or null for plain LoRA.
     */
    public NDArray delta(NDArray x, NDArray mixture) {
        // linear() keeps results in x's manager; a transposed parameter would land in the model's.
        NDArray low = BatchInvariantLinear.apply(x, down.array(), null);
        // Scaling the rank components rather than the output: the same sum, over r instead of out values.
        low = mixture != null ? low.mul(mixture)
                : low.mul(x.getManager().full(new Shape(), scaling, DataType.FLOAT32));
        return BatchInvariantLinear.apply(low, up.array(), null);
    }

    /**
     * {@code base} (out, in) plus this update as a matrix, in {@code manager}: W + B diag(mixture_u) A,
     * (users, out, in), for {@code mixture} (users, 1, rank), or W + scaling B A, (out, in), for null.
     */
    NDArray foldInto(NDManager manager, NDArray base, NDArray mixture) {
        // The mixture (or the scalar) first, so that every result lands in the request's manager.
        NDArray weighted = mixture != null ? mixture.mul(up.array())
                : manager.full(new Shape(), scaling, DataType.FLOAT32).mul(up.array());
        return weighted.matMul(down.array()).add(base);
    }
}
