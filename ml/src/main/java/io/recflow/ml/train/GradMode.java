package io.recflow.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradient recording for PyTorch-backed arrays, scoped to the current thread. We use this instead of
 * DJL's {@code GradientCollector} for two reasons: that collector allows one instance in the whole
 * JVM at a time (a worker training two models at once would fail), and the engine switches grad mode
 * off only on the thread that loaded it. libtorch's grad mode is per thread and on by default, so on
 * any other thread (a Temporal activity, a REST request) inference would record graphs for nothing
 * and the optimiser's in-place parameter update would fail.
 */
public final class GradMode {

    /** Restores the thread's previous grad mode on close. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private GradMode() {
    }

    /** Operations on this thread record a graph for {@link #backward} until the scope closes. */
    public static Scope recording() {
        return set(true);
    }

    /** Operations on this thread record nothing (inference, optimiser updates) until the scope closes. */
    public static Scope paused() {
        return set(false);
    }

    private static Scope set(boolean enabled) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
        return () -> JniUtils.setGradMode(previous);
    }

    /** Accumulates d(loss)/d(p) into every array p that requires a gradient; {@code loss} is a scalar. */
    public static void backward(NDArray loss) {
        NDArray seed = loss.getManager().ones(loss.getShape(), loss.getDataType());
        JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
    }

    /** Clears an array's accumulated gradient (libtorch adds gradients up across backward passes). */
    public static void zeroGradient(NDArray array) {
        JniUtils.zeroGrad((PtNDArray) array);
    }
}
