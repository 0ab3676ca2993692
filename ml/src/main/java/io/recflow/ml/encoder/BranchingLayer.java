package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.nn.TransformerBlock;
import io.recflow.ml.train.Initialization;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.ParameterStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One level of CaseQ's context tree: C experts, each a SASRec block that encodes the sequence as
 * one context would, mixed per position by the gate q(c | x) = softmax_c(tanh(x W1_c) w2_c) over
 * the level's input x (the official BranchingLayer and SAInferenceLayer, modules.py).
 *
 * <p>The official layer keeps C copies of the sequence, gates each copy and feeds copy c to expert
 * c; but all copies start as the same embedding, so every copy's gate and mixture are the same at
 * every level. One copy computes the same function at 1/C of the gate's cost.
 */
final class BranchingLayer {

    private final int contexts;
    private final int hidden;
    /** The C matrices W1_c (hidden x hidden), stacked as one (C * hidden, hidden) linear weight. */
    private final Parameter projections;
    /** The C vectors w2_c, (C, hidden). */
    private final Parameter scorers;
    private final List<TransformerBlock> experts = new ArrayList<>();

    BranchingLayer(ParameterStore store, String name, CaseQConfig config, Random random) {
        this.contexts = config.contexts();
        this.hidden = config.hidden();
        int c = contexts;
        int h = hidden;
        // Xavier-normal, as main.py initialises every parameter; PyTorch's fans for the official
        // (C, H, H) and (C, H, 1) tensors are (H*H, C*H) and (H, C).
        this.projections = store.add(name + ".gate.projections", new Shape((long) c * h, h),
                Initialization.normal(random, c * h * h, Math.sqrt(2.0 / (h * h + c * h))));
        this.scorers = store.add(name + ".gate.scorers", new Shape(c, h),
                Initialization.normal(random, c * h, Math.sqrt(2.0 / (h + c))));
        for (int e = 0; e < c; e++) {
            experts.add(new TransformerBlock(store, name + ".expert" + e, h, config.heads(), h, config.layers(),
                    random));
        }
    }

    /**
     * @param mixed                the level's output (B, T, d): the gate-weighted sum of the experts' outputs
     * @param gateLogProbabilities log q(c | x) per position, (B, T, C)
     */
    record Output(NDArray mixed, NDArray gateLogProbabilities) {
    }

    /** {@code x} (B, T, d); {@code bias} is the attention bias every expert uses. */
    Output forward(NDArray x, NDArray bias) {
        NDArray logGate = gateLogProbabilities(x);
        NDList outputs = new NDList(contexts);
        for (TransformerBlock expert : experts) {
            outputs.add(expert.forward(x, bias));
        }
        NDArray stacked = NDArrays.stack(outputs, 2); // (B, T, C, d)
        NDArray mixed = logGate.exp().expandDims(2).matMul(stacked).squeeze(2);
        return new Output(mixed, logGate);
    }

    private NDArray gateLogProbabilities(NDArray x) {
        Shape shape = x.getShape();
        NDArray perContext = x.getNDArrayInternal().linear(x, projections.array(), null).singletonOrThrow()
                .reshape(shape.get(0), shape.get(1), contexts, hidden).tanh();
        return perContext.mul(scorers.array()).sum(new int[] {-1}).logSoftmax(-1);
    }
}
