package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

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

    /** The sort by number (one prefix, then a number) and the comparator's sort give the same order, and so does any other shape. */
    @Test
    void sortedIndexesFollowTheNaturalOrderWhateverTheIdsLookLike() {
        Random random = new Random(5);
        List<List<String>> cases = new ArrayList<>();
        cases.add(distinct(random, 5000, r -> "u" + r.nextInt(1_000_000))); // by number
        cases.add(distinct(random, 5000, r -> Long.toString(r.nextLong() >>> 2))); // digits only, up to 19 of them
        cases.add(distinct(random, 5000, r -> "item" + (r.nextLong() >>> 6))); // numbers too large for the key
        cases.add(distinct(random, 3000, r -> "u" + String.format("%05d", r.nextInt(100_000)))); // leading zeros
        cases.add(distinct(random, 3000, r -> (r.nextBoolean() ? "u" : "v") + r.nextInt(5000))); // two prefixes
        cases.add(distinct(random, 3000, r -> "u" + r.nextInt(5000) + (r.nextBoolean() ? "x" : ""))); // a suffix
        cases.add(List.of("0", "10", "1", "2"));
        cases.add(List.of("x"));
        cases.add(List.of());
        for (List<String> ids : cases) {
            List<String> expected = new ArrayList<>(ids);
            expected.sort(NaturalOrder.INSTANCE);
            List<String> sorted = Arrays.stream(NaturalOrder.sortedIndexes(ids::get, ids.size())).mapToObj(ids::get)
                    .toList();
            assertEquals(expected, sorted, "ids like " + ids.stream().limit(3).toList());
        }
    }

    private static List<String> distinct(Random random, int count, Function<Random, String> id) {
        Set<String> ids = new LinkedHashSet<>();
        while (ids.size() < count) {
            ids.add(id.apply(random));
        }
        return new ArrayList<>(ids);
    }
}
