package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradient recording for PyTorch-backed arrays, per thread. DJL's {@code GradientCollector} allows
 * only one collector in the whole JVM at a time (a worker training two models at once would fail)
 * and the engine only switches gradient mode off on the thread that loaded it; libtorch's grad mode
 * is thread-local, so scoping it here keeps concurrent trainings and inference on any thread correct.
 */
public final class Autograd {

    /** Restores the previous gradient mode of this thread on close. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private Autograd() {
    }

    /** Operations on this thread build a graph for {@link #backward} until the scope closes. */
    public static Scope recording() {
        return withGradMode(true);
    }

    /** Operations on this thread build no graph (inference, optimiser updates) until the scope closes. */
    public static Scope paused() {
        return withGradMode(false);
    }

    private static Scope withGradMode(boolean enabled) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
        return () -> JniUtils.setGradMode(previous);
    }

    /** Accumulates d(loss)/d(parameter) into every parameter that requires a gradient; {@code loss} is a scalar. */
    public static void backward(NDArray loss) {
        NDArray seed = loss.getManager().ones(loss.getShape(), loss.getDataType());
        JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
    }

    /** Clears the gradient accumulated in {@code parameter}: libtorch adds up gradients across backward passes. */
    public static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
