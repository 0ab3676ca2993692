package io.recflow.ml.llm.gguf;

/**
 * Undoes llama.cpp's reordering of the query and key projection rows. Its converter permutes each
 * head's rows so that interleaved RoPE (rotating pairs 2i, 2i+1) computes what Hugging Face's
 * rotate-half RoPE (rotating pairs i, i + half) computes on the original rows: within a head of
 * size 2h, original row j*h + i is stored as row 2i + j. A wrong inverse still generates text, only
 * worse, so it is tested on a known matrix.
 */
public final class RopePermutation {

    private RopePermutation() {
    }

    /**
     * The original rows of a (heads * headSize, cols) row-major matrix read from GGUF.
     *
     * @param heads the projection's heads (query heads for q, key/value heads for k)
     */
    public static float[] unpermute(float[] gguf, int heads, int cols) {
        int rows = gguf.length / cols;
        if (rows * cols != gguf.length || rows % heads != 0 || (rows / heads) % 2 != 0) {
            throw new IllegalArgumentException(gguf.length + " values do not form " + heads
                    + " heads of an even size with " + cols + " columns");
        }
        int headSize = rows / heads;
        int half = headSize / 2;
        float[] original = new float[gguf.length];
        for (int h = 0; h < heads; h++) {
            int base = h * headSize;
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    System.arraycopy(gguf, (base + 2 * i + j) * cols, original, (base + j * half + i) * cols, cols);
                }
            }
        }
        return original;
    }
}
