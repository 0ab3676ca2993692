package io.recflow.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * A named model tensor and how the optimiser treats it: whether it trains (frozen tensors never get
 * a gradient, so autograd does no work for them) and its learning-rate scale (a parameter group, e.g.
 * the iLoRA gate at 0.3x) and weight decay (LLaRA's projector: 1e-5). Modules keep the Parameter, not
 * the array, because loading values swaps the array.
 */
public final class Parameter {

    private final String name;
    private final float learningRateScale;
    private final float weightDecay;
    private NDArray array;
    private boolean trainable;

    Parameter(String name, NDArray array, boolean trainable, float learningRateScale, float weightDecay) {
        this.name = name;
        this.array = array;
        this.learningRateScale = learningRateScale;
        this.weightDecay = weightDecay;
        setTrainable(trainable);
    }

    public String name() {
        return name;
    }

    public NDArray array() {
        return array;
    }

    public Shape shape() {
        return array.getShape();
    }

    public boolean trainable() {
        return trainable;
    }

    public float learningRateScale() {
        return learningRateScale;
    }

    /** PyTorch Adam's {@code weight_decay}: an L2 term {@code weightDecay * value} added to the gradient. */
    public float weightDecay() {
        return weightDecay;
    }

    public void setTrainable(boolean trainable) {
        array.setRequiresGradient(trainable);
        this.trainable = trainable;
    }

    public NamedTensor toHost() {
        return new NamedTensor(name, array.getShape().getShape(), array.toFloatArray());
    }

    /** Replaces the values with {@code tensor}'s, which must have this parameter's shape. */
    void load(NamedTensor tensor) {
        if (!Arrays.equals(tensor.shape(), array.getShape().getShape())) {
            throw new IllegalArgumentException(name + ": expected shape " + array.getShape() + ", got "
                    + Arrays.toString(tensor.shape()));
        }
        NDManager manager = array.getManager();
        NDArray loaded = manager.create(tensor.values(), new Shape(tensor.shape()));
        array.close();
        array = loaded;
        setTrainable(trainable);
    }
}
