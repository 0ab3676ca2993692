package io.recflow.ml.train;

import java.util.Arrays;
import java.util.Random;

/**
 * Initial parameter values drawn from a caller's seeded {@link Random}, so that a model's start
 * depends on its seed alone, not on the engine's global RNG or on what ran before.
 */
public final class Initialization {

    private Initialization() {
    }

    public static float[] normal(Random random, int size, double std) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }

    public static float[] uniform(Random random, int size, double bound) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return values;
    }

    /**
     * PyTorch's default for a linear layer's weight (and LoRA's A): Kaiming-uniform with a = sqrt(5),
     * which reduces to U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
     */
    public static float[] kaimingUniform(Random random, int size, int fanIn) {
        return uniform(random, size, 1 / Math.sqrt(fanIn));
    }

    public static float[] constant(int size, float value) {
        float[] values = new float[size];
        Arrays.fill(values, value);
        return values;
    }
}
