package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba) over a set of parameters, updating them in place. Scalars are arrays, never
 * {@code NDArray.mul(Number)}: DJL's number overloads can read freed memory (DESIGN §7). Call
 * {@link #step} on the training thread after {@link Autograd#backward}; it clears the gradients.
 */
final class Adam {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final List<NDArray> parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final double learningRate;
    private long steps;

    Adam(Iterable<NDArray> parameters, double learningRate, NDManager stateManager) {
        this.parameters = new ArrayList<>();
        for (NDArray parameter : parameters) {
            this.parameters.add(parameter);
            firstMoments.add(stateManager.zeros(parameter.getShape()));
            secondMoments.add(stateManager.zeros(parameter.getShape()));
        }
        this.learningRate = learningRate;
    }

    /**
     * One update from the accumulated gradients. Run it inside an {@code NDScope}: the temporaries
     * land in several managers (the gradient's, the moments'), and the scope frees them all.
     */
    void step(NDManager scratch) {
        steps++;
        double stepSize = learningRate * Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(BETA1, steps));
        NDArray beta1 = scalar(scratch, BETA1);
        NDArray oneMinusBeta1 = scalar(scratch, 1 - BETA1);
        NDArray beta2 = scalar(scratch, BETA2);
        NDArray oneMinusBeta2 = scalar(scratch, 1 - BETA2);
        NDArray epsilon = scalar(scratch, EPSILON);
        NDArray negativeStep = scalar(scratch, (float) -stepSize);
        try (Autograd.Scope ignored = Autograd.paused()) {
            for (int p = 0; p < parameters.size(); p++) {
                NDArray parameter = parameters.get(p);
                NDArray gradient = parameter.getGradient();
                NDArray m = firstMoments.get(p).muli(beta1).addi(gradient.mul(oneMinusBeta1));
                NDArray v = secondMoments.get(p).muli(beta2).addi(gradient.square().mul(oneMinusBeta2));
                parameter.addi(m.div(v.sqrt().add(epsilon)).mul(negativeStep));
                Autograd.zeroGradient(parameter);
            }
        }
    }

    static NDArray scalar(NDManager manager, float value) {
        return manager.full(new Shape(), value, DataType.FLOAT32);
    }
}
