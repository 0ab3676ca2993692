package io.recflow.ml.tokenizer;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerCodecTest {

    private static final ItemCodes CODES = new ItemCodes(new int[][] {{0, 2, 0}, {1, 0, 0}, {1, 0, 1}},
            new int[] {2, 3, 2}, List.of("category", "collaborative", "disambiguation"));

    @Test
    void roundTrips() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TokenizerCodec.write(CODES, bytes);
        assertEquals(CODES, TokenizerCodec.read(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @Test
    void rejectsForeignAndCorruptStreams() throws IOException {
        IOException foreign = assertThrows(IOException.class,
                () -> TokenizerCodec.read(new ByteArrayInputStream("hello world, not codes".getBytes())));
        assertTrue(foreign.getMessage().contains("magic"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TokenizerCodec.write(CODES, bytes);
        byte[] corrupt = bytes.toByteArray();
        corrupt[corrupt.length - 1] = 9; // last item's disambiguation code 9 >= level size 2
        IOException invalid = assertThrows(IOException.class,
                () -> TokenizerCodec.read(new ByteArrayInputStream(corrupt)));
        assertTrue(invalid.getMessage().contains("corrupt"), invalid.getMessage());
    }

    @Test
    void collisionStatsCountItemsSharingASemanticTuple() {
        CollisionStats stats = CollisionStats.of(CODES);
        assertEquals(new CollisionStats(3, 2, 2, 2), stats);
        assertEquals(2 / 3.0, stats.collisionRate(), 1e-12);
    }
}
