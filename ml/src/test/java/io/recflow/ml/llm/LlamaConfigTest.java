package io.recflow.ml.llm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LlamaConfigTest {

    @Test
    void parameterCountIsTheNumberOfWeightsTheModelHolds() {
        long weights = TinyLlama.weights(1).values().stream().mapToLong(w -> w.length).sum();
        assertEquals(weights, TinyLlama.CONFIG.parameterCount());
    }

    @Test
    void smolLm2HasItsAdvertised135MillionParameters() {
        LlamaConfig smollm2 = new LlamaConfig(576, 1536, 30, 9, 3, 1e-5, 100000, 8192, 49152, true, 1, 2);
        assertEquals(134_515_008L, smollm2.parameterCount());
    }
}
