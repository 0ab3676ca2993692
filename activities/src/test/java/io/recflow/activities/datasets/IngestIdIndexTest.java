package io.recflow.activities.datasets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IngestIdIndexTest {

    @Test
    void idsGetDenseIndexesInFirstSeenOrderThroughManyGrowths() {
        IdIndex index = new IdIndex();
        for (int round = 0; round < 2; round++) { // the second round finds every id already there
            for (int i = 0; i < 300_000; i++) {
                assertEquals(i, index.add("u" + (i * 7919L % 1_000_003)));
            }
        }
        assertEquals(300_000, index.size());
        assertEquals("u" + (123_456 * 7919L % 1_000_003), index.id(123_456));
        assertEquals(123_456, index.indexOf("u" + (123_456 * 7919L % 1_000_003)));
        assertEquals(-1, index.indexOf("u-1"));
        assertEquals(-1, index.indexOf(""));
    }
}
