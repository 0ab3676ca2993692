package io.recflow.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * Dropout for one training pass: each element is zeroed with probability {@code rate} and the rest
 * scaled by 1 / (1 - rate). Used on the adapters' input (PEFT's {@code lora_dropout}) and on the
 * generative backbone's embeddings and residual branches (GPT-2's {@code embd_pdrop} and
 * {@code resid_pdrop}). The masks come from a Java generator the caller seeds (e.g. by step), not
 * from the engine's global one, so a run repeats exactly and resumes bit-identically even while
 * other models train on other threads. One instance serves one pass: layers draw their masks from it
 * in the order the pass visits them.
 */
public final class Dropout {

    private final double rate;
    private final SplittableRandom random;

    public Dropout(double rate, long seed) {
        this.rate = checkedRate(rate);
        this.random = new SplittableRandom(seed);
    }

    /** {@code rate}, when it is a probability of dropping an element: in [0, 1). */
    public static double checkedRate(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), was " + rate);
        }
        return rate;
    }

    /** {@code x} with dropout applied by {@code dropout}, or {@code x} itself when there is none (inference). */
    public static NDArray apply(Dropout dropout, NDArray x) {
        return dropout == null ? x : dropout.apply(x);
    }

    /**
     * {@code x} with dropout applied (the same array when the rate is 0). The mask is boolean, so
     * that what autograd keeps for the backward pass is a byte per element, not a float.
     */
    public NDArray apply(NDArray x) {
        if (rate == 0) {
            return x;
        }
        boolean[] keep = new boolean[Math.toIntExact(x.size())];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = random.nextDouble() >= rate;
        }
        NDManager manager = x.getManager();
        NDArray scale = manager.full(new Shape(), (float) (1 / (1 - rate)), DataType.FLOAT32);
        return x.mul(manager.create(keep, x.getShape())).mul(scale);
    }
}
