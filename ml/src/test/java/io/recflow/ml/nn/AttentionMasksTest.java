package io.recflow.ml.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class AttentionMasksTest {

    @Test
    void causalHidesOnlyLaterTokens() {
        float m = AttentionMasks.MASKED;
        assertArrayEquals(new float[] {0, m, m, 0, 0, m, 0, 0, 0}, AttentionMasks.causal(3));
    }
}
