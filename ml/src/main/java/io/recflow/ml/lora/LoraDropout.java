package io.recflow.ml.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * LoRA's dropout (PEFT's {@code lora_dropout}) for one training pass: each input element of an
 * adapter's low-rank path is zeroed with probability {@code rate} and the rest scaled by
 * 1 / (1 - rate); the frozen base path reads the input unchanged. The masks come from a Java
 * generator the caller seeds (e.g. by step), not from the engine's global one, so a run repeats
 * exactly and resumes bit-identically even while other models train on other threads. One instance
 * serves one pass: adapters draw their masks from it in the order the pass visits them.
 */
public final class LoraDropout {

    private final double rate;
    private final SplittableRandom random;

    public LoraDropout(double rate, long seed) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), was " + rate);
        }
        this.rate = rate;
        this.random = new SplittableRandom(seed);
    }

    /**
     * {@code x} with dropout applied (the same array when the rate is 0). The mask is boolean, so
     * that what autograd keeps for the backward pass is a byte per element, not a float.
     */
    NDArray apply(NDArray x) {
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
