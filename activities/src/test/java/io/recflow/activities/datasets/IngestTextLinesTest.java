package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lines are read in 64 KiB chunks: terminators and multi-byte characters split across two chunks. */
class IngestTextLinesTest {

    private static final int CHUNK = 1 << 16;

    @TempDir
    Path dir;

    private List<String> lines(byte[] content) throws IOException {
        Path p = dir.resolve("t.txt");
        Files.write(p, content);
        List<String> lines = new ArrayList<>();
        try (TextLines in = TextLines.open(new SourceFile("t.txt", p.toUri().toString(), p), StandardCharsets.UTF_8)) {
            for (String line; (line = in.next()) != null; ) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void aCrLfSplitAcrossChunksEndsOneLine() throws IOException {
        String first = "a".repeat(CHUNK - 1); // its CR is the chunk's last byte, the LF the next chunk's first
        assertEquals(List.of(first, "b", "", "c"), lines((first + "\r\nb\r\rc").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void linesLongerThanAChunkAndCharactersSplitAcrossChunks() throws IOException {
        String longLine = "x".repeat(CHUNK - 1) + "é" + "y".repeat(3 * CHUNK) + "ü";
        assertEquals(List.of("\u00e9t\u00e9", longLine, "last"),
                lines(("\uFEFF\u00e9t\u00e9\n" + longLine + "\nlast").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void manyShortLinesKeepTheirNumbersAcrossChunks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 50_000; i++) {
            out.writeBytes(("u" + i + ",i" + (i % 97) + "," + i + (i % 3 == 0 ? "\r\n" : "\n"))
                    .getBytes(StandardCharsets.UTF_8));
        }
        List<String> lines = lines(out.toByteArray());
        assertEquals(50_000, lines.size());
        assertEquals("u31415,i84,31415", lines.get(31415));
    }

    @Test
    void anInvalidByteAfterTheFirstChunkNamesItsLine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            out.writeBytes("row,row,row\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(new byte[] {'o', 'k', (byte) 0xFF, '\n'});
        BadInputException e = assertThrows(BadInputException.class, () -> lines(out.toByteArray()));
        assertTrue(e.getMessage().contains("10001") && e.getMessage().contains("0xFF"), e.getMessage());
    }
}
