package io.recflow.ml.llm.gguf;

import io.recflow.ml.llm.TinyLlama;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class RopePermutationTest {

    @Test
    void restoresHuggingFaceRowOrderPerHead() {
        // Two heads of size 4, one column: original rows 0..7. Within a head (half 2), GGUF row 2i+j holds
        // original row 2j+i: GGUF order is 0,2,1,3 | 4,6,5,7.
        float[] gguf = {0, 2, 1, 3, 4, 6, 5, 7};
        assertArrayEquals(new float[]{0, 1, 2, 3, 4, 5, 6, 7}, RopePermutation.unpermute(gguf, 2, 1));
    }

    @Test
    void movesWholeRowsAndInvertsTheConvertersPermutation() {
        // One head of size 6 (half 3), two columns: GGUF row 2i+j is original row 3j+i.
        float[] gguf = {0, 0.5f, 3, 3.5f, 1, 1.5f, 4, 4.5f, 2, 2.5f, 5, 5.5f};
        float[] original = {0, 0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f, 4, 4.5f, 5, 5.5f};
        assertArrayEquals(original, RopePermutation.unpermute(gguf, 1, 2));
        assertArrayEquals(gguf, TinyLlama.permute(original, 1, 2));
    }
}
