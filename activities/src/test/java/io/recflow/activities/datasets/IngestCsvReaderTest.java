package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestCsvReaderTest {

    @TempDir
    Path dir;

    private List<CsvReader.Row> read(String text) throws IOException {
        Path p = dir.resolve("t.csv");
        Files.writeString(p, text);
        List<CsvReader.Row> rows = new ArrayList<>();
        try (CsvReader r = new CsvReader(new SourceFile("t.csv", p.toUri().toString(), p))) {
            CsvReader.Row row;
            while ((row = r.next()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void rfc4180Cases() throws IOException {
        List<CsvReader.Row> rows = read("\uFEFFa,b,c\r\n\"x, y\",\"he said \"\"hi\"\"\",\r\n\r\n\"multi\r\nline\",,\"\"\n"
                + "plain \"inch\" mark,2,3");
        assertEquals(List.of(
                new CsvReader.Row(1, List.of("a", "b", "c")),
                new CsvReader.Row(2, List.of("x, y", "he said \"hi\"", "")),
                new CsvReader.Row(4, List.of("multi\nline", "", "")),
                new CsvReader.Row(6, List.of("plain \"inch\" mark", "2", "3"))), rows);
    }

    @Test
    void bareCarriageReturnsEndRecords() throws IOException {
        assertEquals(List.of(new CsvReader.Row(1, List.of("a", "b")), new CsvReader.Row(2, List.of("c", "d"))),
                read("a,b\rc,d\r"));
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> read("a,b\n\"x\"y,z\n"));
        assertTrue(e.getMessage().endsWith(":2: field 'field 1': unexpected character 'y' after a closing quote"
                + " (a quote inside a quoted field must be doubled: \"\")"), e.getMessage());
    }

    @Test
    void naturalOrderSortsNumbersAsNumbers() {
        List<String> ids = new ArrayList<>(List.of("10", "9", "u10", "u9", "b", "a", "007", "7", "u2x", "u10x"));
        ids.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("007", "7", "9", "10", "a", "b", "u2x", "u9", "u10", "u10x"), ids);
    }
}
