package io.recflow.activities.datasets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

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

    /**
     * Ids up to 8 bytes are matched by the head kept in their slot, longer ones by their remaining bytes too:
     * ids that share their first 8 bytes, differ only in length (a zero byte inside) or are hundreds of bytes
     * long must all stay apart, through every growth, whatever text surrounds them in the buffer.
     */
    @Test
    void bytesIdsStayApartWhenTheyShareTheirFirstEightBytesOrDifferInLengthOnly() {
        Random random = new Random(3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(switch (i % 5) {
                case 0 -> "u" + i;
                case 1 -> "abcdefgh" + i;
                case 2 -> "q" + i % 1000 + "\0".repeat(i % 3);
                case 3 -> "x".repeat(250 + i % 20) + i % 3;
                default -> Long.toString(random.nextLong() >>> 20);
            });
        }
        // "Aa" and "BB" hash alike, so these 16 ids of 8 bytes share their hash and length, and the 16 longer
        // ones also their first 8 bytes: only the head, or the bytes after it, tell them apart.
        for (int blocks = 0; blocks < 16; blocks++) {
            StringBuilder id = new StringBuilder();
            for (int b = 0; b < 4; b++) {
                id.append((blocks >> b & 1) == 0 ? "Aa" : "BB");
            }
            ids.add(id.toString());
            ids.add("abcdefgh" + id);
        }
        Map<String, Integer> expected = new HashMap<>();
        ByteIdIndex index = new ByteIdIndex();
        byte[] buffer = new byte[400];
        for (int round = 0; round < 2; round++) {
            for (String id : ids) {
                byte[] text = id.getBytes(StandardCharsets.ISO_8859_1);
                int from = random.nextInt(100);
                buffer[from + text.length] = (byte) random.nextInt(128); // whatever follows the id in the line
                System.arraycopy(text, 0, buffer, from, text.length);
                int want = expected.computeIfAbsent(id, k -> expected.size());
                assertEquals(want, index.add(buffer, from, from + text.length), id);
            }
        }
        assertEquals(expected.size(), index.size());
        expected.forEach((id, i) -> assertEquals(id, index.id(i)));

        // Merged into a String index from the bytes, as parts are: every id lands where its String would, the
        // colliding ones included, whether the String index saw it first or the part brought it.
        IdIndex merged = new IdIndex();
        for (int i = 0; i < ids.size(); i += 2) {
            merged.add(ids.get(i));
        }
        for (int i = 0; i < index.size(); i++) {
            assertEquals(index.id(i).hashCode(), index.hash(i), index.id(i));
            int at = merged.add(index, i);
            assertEquals(index.id(i), merged.id(at));
            assertEquals(at, merged.add(index.id(i)));
        }
        assertEquals(expected.size(), merged.size());
    }
}
