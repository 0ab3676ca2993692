package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding in Hugging Face's rotate-half form: dimension i of a head is rotated
 * together with dimension i + headSize/2, by the angle position * base^(-2i/headSize). Angles come
 * from each token's own position id, so a left-padded row gets exactly the rotations of its
 * unpadded sequence.
 */
final class RotaryEmbedding {

    private final int headSize;
    private final float[] inverseFrequencies;

    RotaryEmbedding(int headSize, double base) {
        this.headSize = headSize;
        this.inverseFrequencies = new float[headSize / 2];
        for (int i = 0; i < inverseFrequencies.length; i++) {
            // float32, as Hugging Face computes them.
            inverseFrequencies[i] = (float) (1.0 / Math.pow(base, (2.0 * i) / headSize));
        }
    }

    /** cos and sin of every angle, each (rows, 1, tokens, headSize), for broadcasting over heads. */
    record Angles(NDArray cos, NDArray sin) {
    }

    Angles angles(NDManager manager, long[] positions, int rows, int tokens) {
        float[] cos = new float[positions.length * headSize];
        float[] sin = new float[cos.length];
        int half = headSize / 2;
        for (int p = 0; p < positions.length; p++) {
            for (int i = 0; i < half; i++) {
                float angle = positions[p] * inverseFrequencies[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                int at = p * headSize + i;
                cos[at] = c;
                cos[at + half] = c;
                sin[at] = s;
                sin[at + half] = s;
            }
        }
        Shape shape = new Shape(rows, 1, tokens, headSize);
        return new Angles(manager.create(cos, shape), manager.create(sin, shape));
    }

    /** Rotates {@code x} (rows, ..., tokens, headSize); {@code cos}/{@code sin} broadcast to it. */
    static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        long half = x.getShape().get(x.getShape().dimension() - 1) / 2;
        NDArray first = x.get(new NDIndex("..., :{}", half));
        NDArray second = x.get(new NDIndex("..., {}:", half));
        NDArray rotated = second.neg().concat(first, -1);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
