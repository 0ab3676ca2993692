package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import io.recflow.ml.data.InteractionDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain-CSV path gives the rows the general reader gives, in any number of parts, and gives up on anything else. */
class IngestPlainCsvTest {

    private static final PlainCsvRows.Columns COLUMNS = new PlainCsvRows.Columns(4, 0, 1, 2, 3);

    @TempDir
    Path dir;

    /**
     * About 5 MB of rows (several of the reader's 1 MiB chunks) with CRLF and LF endings, empty lines, blanks
     * around fields, equal and unordered times, and no LF after the last row; {@code firstUser} is written as
     * the first row's user field as it is.
     */
    private Path log(String name, String firstUser) throws IOException {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("user,item,timestamp,rating\n");
        csv.append(firstUser).append(",i1,5,4\n");
        for (int r = 0; r < 200_000; r++) {
            csv.append(r % 97 == 0 ? " u" : "u").append(random.nextInt(5_000)).append(',')
                    .append('i').append(random.nextInt(700)).append(r % 89 == 0 ? " ," : ",")
                    .append(random.nextInt(1_000)).append(',').append(r % 2 == 0 ? "4" : "3.5")
                    .append(r % 3 == 0 ? "\r\n" : "\n");
            if (r % 5_000 == 0) {
                csv.append('\n');
            }
        }
        csv.append("u7,i2,999,1");
        Path file = dir.resolve(name);
        Files.writeString(file, csv, StandardCharsets.US_ASCII);
        return file;
    }

    @Test
    void aPlainFileIngestsToTheDataSetTheGeneralReaderMakes() throws IOException {
        Path plain = log("plain.csv", "u1");
        Path quoted = log("quoted.csv", "\"u1\""); // one quote: the whole file goes through CsvReader
        assertNotNull(PlainCsvRows.read(plain, COLUMNS, 1), "the file is plain");
        assertNull(PlainCsvRows.read(quoted, COLUMNS, 1), "a quote anywhere sends the file to the general reader");

        InteractionDataset fast = IngestFixtures.ingestor(dir).ingest(plain.toUri().toString(), "csv", null, 3)
                .dataset();
        InteractionDataset general = IngestFixtures.ingestor(dir).ingest(quoted.toUri().toString(), "csv", null, 3)
                .dataset();

        assertEquals(IngestFixtures.itemIds(general), IngestFixtures.itemIds(fast));
        assertEquals(IngestFixtures.sequences(general), IngestFixtures.sequences(fast));
        for (int u = 0; u < general.sequences().size(); u++) {
            assertTrue(Arrays.equals(general.sequences().get(u).timestamps(), fast.sequences().get(u).timestamps()));
        }
        assertEquals(200_002, fast.interactionCount());
    }

    @Test
    void partsReadOnTheirOwnThreadsHoldTheRowsOfOnePartInFileOrder() throws IOException {
        Path file = log("plain.csv", "u1");
        List<String> whole = rows(PlainCsvRows.read(file, COLUMNS, 1));
        for (int parts : new int[] {2, 3, 7}) {
            List<PlainCsvRows.Part> read = PlainCsvRows.read(file, COLUMNS, parts);
            assertEquals(parts, read.size());
            assertEquals(whole, rows(read), parts + " parts");
        }
        assertEquals(200_002, whole.size());
        assertEquals("u1 i1 5", whole.get(0));
        assertEquals("u7 i2 999", whole.get(whole.size() - 1));
        // Merged part after part, the ids of each part indexed again: the data set one part makes.
        InteractionDataset one = built(PlainCsvRows.read(file, COLUMNS, 1));
        InteractionDataset three = built(PlainCsvRows.read(file, COLUMNS, 3));
        assertEquals(IngestFixtures.sequences(one), IngestFixtures.sequences(three));
        assertEquals(IngestFixtures.itemIds(one), IngestFixtures.itemIds(three));
    }

    @Test
    void rowsAddedOneByOneBetweenPartsKeepTheirPlaceInEachUsersSequence() throws IOException {
        List<PlainCsvRows.Part> parts = PlainCsvRows.read(log("plain.csv", "u1"), COLUMNS, 2);
        // Times the parts' rows have too: a tie keeps reading order, across parts and rows added between them.
        List<String> between = List.of("u1 i5 5", "u4242 i1 500", "u-new i-new 0", "u1 i6 999");
        SequenceBuilder mixed = new SequenceBuilder();
        SequenceBuilder oneByOne = new SequenceBuilder();
        mixed.addAll(parts.get(0));
        between.forEach(row -> add(mixed, row));
        mixed.addAll(parts.get(1));
        for (String row : rows(List.of(parts.get(0)))) {
            add(oneByOne, row);
        }
        between.forEach(row -> add(oneByOne, row));
        for (String row : rows(List.of(parts.get(1)))) {
            add(oneByOne, row);
        }
        assertEquals(oneByOne.items("u1"), mixed.items("u1"));
        assertEquals(oneByOne.interactionCount(), mixed.interactionCount());
        InteractionDataset expected = oneByOne.build("log", 2, Set.of("u-new"), Map.of()).dataset();
        InteractionDataset actual = mixed.build("log", 2, Set.of("u-new"), Map.of()).dataset();
        assertEquals(IngestFixtures.itemIds(expected), IngestFixtures.itemIds(actual));
        assertEquals(IngestFixtures.sequences(expected), IngestFixtures.sequences(actual));
        assertTrue(IngestFixtures.sequences(actual).stream().anyMatch(seq -> seq.contains("i-new")));
    }

    /** Adds a "user item time" row. */
    private static void add(SequenceBuilder builder, String row) {
        String[] fields = row.split(" ");
        builder.add(fields[0], fields[1], Long.parseLong(fields[2]));
    }

    private static InteractionDataset built(List<PlainCsvRows.Part> parts) {
        SequenceBuilder builder = new SequenceBuilder();
        parts.forEach(builder::addAll);
        return builder.build("log", 1, Set.of(), Map.of()).dataset();
    }

    @Test
    void anythingButPlainRowsIsLeftToTheGeneralReader() throws IOException {
        String header = "user,item,timestamp,rating\n";
        for (String row : List.of("u1,i1,2024-01-01T00:00:00Z,4", "u1,i1,5", "u1,i1,5,4,extra", "u1, ,5,4",
                "u1,i1,5,", "u1,i1,5,1e3", "u1,i1,12345678901234567890,4", "u\u00e91,i1,5,4", "u1,i1,5,4\ru2,i1,6,4")) {
            Path file = dir.resolve("odd.csv");
            Files.writeString(file, header + "u0,i0,1,4\n" + row + "\n", StandardCharsets.UTF_8);
            assertNull(PlainCsvRows.read(file, COLUMNS, 1), row);
        }
    }

    @Test
    void aBadRowInAPlainLookingFileIsReportedWithItsLine() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "user,item,timestamp\nu1,i1,1\nu1,i2,2\nu1,i3,yesterday\n", StandardCharsets.US_ASCII);
        BadInputException e = assertThrows(BadInputException.class,
                () -> IngestFixtures.ingestor(dir).ingest(file.toUri().toString(), "csv", null, 1));
        assertTrue(e.getMessage().contains("bad.csv:4: field 'timestamp'"), e.getMessage());
        assertTrue(e.getMessage().contains("not a timestamp"), e.getMessage());
    }

    /** Each row as "user item time", ids read back from the part that indexed them. */
    private static List<String> rows(List<PlainCsvRows.Part> parts) {
        List<String> rows = new ArrayList<>();
        for (PlainCsvRows.Part part : parts) {
            for (int r = 0; r < part.userItem().size(); r++) {
                rows.add(part.users().id(part.user(r)) + " " + part.items().id(part.item(r)) + " "
                        + part.times().get(r));
            }
        }
        return rows;
    }
}
