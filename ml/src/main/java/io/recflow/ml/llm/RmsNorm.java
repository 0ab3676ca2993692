package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.train.Parameter;

/** Root-mean-square normalisation over the last axis with a learned gain and no bias: x / sqrt(mean(x^2) + eps) * g. */
final class RmsNorm {

    private final Parameter gain;
    private final float epsilon;

    RmsNorm(Parameter gain, double epsilon) {
        this.gain = gain;
        this.epsilon = (float) epsilon;
    }

    NDArray forward(NDArray x) {
        NDArray eps = x.getManager().full(new Shape(), epsilon, DataType.FLOAT32);
        NDArray rms = x.square().mean(new int[]{-1}, true).add(eps).sqrt();
        return x.div(rms).mul(gain.array());
    }
}
