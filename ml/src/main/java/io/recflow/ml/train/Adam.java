package io.recflow.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba; PyTorch's update rule, with its L2 {@code weight_decay} per parameter) with
 * state we own, so that a checkpoint can carry it and a resumed run continues bit-identically. Each
 * parameter's step is scaled by its {@link Parameter#learningRateScale()}. After updating, it zeroes
 * the gradients, because PyTorch accumulates them across backward passes.
 *
 * <p>As in PyTorch, each parameter counts its own updates for the bias corrections: a parameter that
 * sits out some steps (LLaRA's projector on text-only batches) is corrected by the updates it got.
 */
public final class Adam implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final Map<String, Long> updates = new LinkedHashMap<>();

    /** Keeps its state in a sub-manager of {@code parent} (and so on its device). */
    public Adam(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /**
     * The optimiser's state: per-parameter update counts and moments, host copies.
     *
     * @param updates how many updates each parameter has had, by name
     */
    public record State(Map<String, Long> updates, List<NamedTensor> firstMoments, List<NamedTensor> secondMoments) {

        public State {
            updates = Collections.unmodifiableMap(new LinkedHashMap<>(updates));
        }
    }

    /** Applies one update to {@code parameters} from their accumulated gradients, then zeroes them. */
    public void step(List<Parameter> parameters, double learningRate) {
        try (GradMode.Scope paused = GradMode.paused(); NDManager scope = manager.newSubManager()) {
            for (Parameter p : parameters) {
                long steps = updates.merge(p.name(), 1L, Long::sum);
                double correction1 = 1 - Math.pow(BETA1, steps);
                double rootCorrection2 = Math.sqrt(1 - Math.pow(BETA2, steps));
                NDArray weight = p.array();
                NDArray gradient = owned(scope, weight.getGradient());
                NDArray m = firstMoments.computeIfAbsent(p.name(), n -> manager.zeros(p.shape(), DataType.FLOAT32));
                NDArray v = secondMoments.computeIfAbsent(p.name(), n -> manager.zeros(p.shape(), DataType.FLOAT32));
                // One native call per parameter instead of a dozen element-wise ones. It computes
                // w -= rate * m / (sqrt(v) + eps'); PyTorch's step, rate0 / c1 * m / (sqrt(v) / sqrt(c2) + eps),
                // is that with rate = rate0 * sqrt(c2) / c1 and eps' = eps * sqrt(c2).
                float rate = (float) (learningRate * p.learningRateScale() * rootCorrection2 / correction1);
                weight.getNDArrayInternal().adamUpdate(new NDList(weight, gradient, m, v), new NDList(weight),
                        rate, rate, p.weightDecay(), 1f, -1f, BETA1, BETA2, (float) (EPSILON * rootCorrection2),
                        false, false);
                GradMode.zeroGradient(weight);
            }
        }
    }

    /** Moves a result that DJL attached to a long-lived array's manager into the step's scope. */
    private static NDArray owned(NDManager scope, NDArray array) {
        array.attach(scope);
        return array;
    }

    public State state() {
        return new State(updates, host(firstMoments), host(secondMoments));
    }

    public void restore(State state) {
        close(firstMoments);
        close(secondMoments);
        updates.clear();
        updates.putAll(state.updates());
        load(state.firstMoments(), firstMoments);
        load(state.secondMoments(), secondMoments);
    }

    private static List<NamedTensor> host(Map<String, NDArray> moments) {
        List<NamedTensor> copies = new ArrayList<>(moments.size());
        moments.forEach((name, a) -> copies.add(new NamedTensor(name, a.getShape().getShape(), a.toFloatArray())));
        return copies;
    }

    private void load(List<NamedTensor> tensors, Map<String, NDArray> into) {
        for (NamedTensor t : tensors) {
            into.put(t.name(), manager.create(t.values(), new Shape(t.shape())));
        }
    }

    private static void close(Map<String, NDArray> moments) {
        moments.values().forEach(NDArray::close);
        moments.clear();
    }

    @Override
    public void close() {
        manager.close();
    }
}
