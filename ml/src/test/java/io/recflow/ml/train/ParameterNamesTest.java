package io.recflow.ml.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterNamesTest {

    @Test
    void aStateOfAnotherAdapterIsToldApartByItsNames() {
        List<String> model = List.of("q.lora.A", "q.lora.B", "k.lora.A", "k.lora.B", "gate.weight");
        List<String> plainLora = List.of("k.lora.A", "k.lora.B", "q.lora.A", "q.lora.B");
        assertTrue(ParameterNames.same(model, List.of("gate.weight", "k.lora.A", "k.lora.B", "q.lora.A", "q.lora.B")));
        assertFalse(ParameterNames.same(model, plainLora));
        assertEquals("missing 1 (gate.weight)", ParameterNames.difference(model, plainLora));
        assertEquals("missing 4 (k.lora.A, k.lora.B, q.lora.A, ...), unexpected 1 (v.lora.A)",
                ParameterNames.difference(plainLora, List.of("v.lora.A")));
        assertEquals("the same names in another order", ParameterNames.difference(plainLora, model.subList(0, 4)));
    }
}
