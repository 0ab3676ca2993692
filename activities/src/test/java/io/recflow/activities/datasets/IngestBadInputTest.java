package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.input.InputProblem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.recflow.activities.datasets.IngestFixtures.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad input gives one exception whose message names file, line and field. */
class IngestBadInputTest {

    @TempDir
    Path dir;
    DatasetIngestor ingestor;

    @BeforeEach
    void setUp() {
        ingestor = IngestFixtures.ingestor(dir);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    /** {@code csv}, read as an interactions file, is refused with "Bad input: <its uri>" and {@code where}. */
    private void assertCsvRefused(String csv, String where) throws IOException {
        Path p = write("e.csv", csv);
        assertEquals("Bad input: " + uri(p) + where, fail(uri(p), "csv").getMessage());
    }

    private BadInputException fail(String uri, String format) {
        return assertThrows(BadInputException.class, () -> ingestor.ingest(uri, format, null, 1));
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        Path p = write("ml/u.data", "1\t10\t5\t100\n1\t20\t5\n1\t30\t5\t300\n");
        BadInputException e = fail(uri(dir.resolve("ml")), "movielens");
        assertEquals("Bad input: " + uri(p) + ":2: expected 4 tab-separated fields (user, item, rating, timestamp),"
                + " found 3", e.getMessage());
        assertEquals(new InputProblem(uri(p), 2, null,
                "expected 4 tab-separated fields (user, item, rating, timestamp), found 3"), e.problems().get(0));
    }

    /** The one integer the readers use to mean "not a number" is reported, not dropped with its row. */
    @Test
    void theSmallestLongAsATimestampIsOutOfRange() throws IOException {
        assertCsvRefused("user,item,timestamp\nu1,i1,10\nu1,i2,-9223372036854775808\n",
                ":3: field 'timestamp': out of range: \"-9223372036854775808\"");
    }

    /** Integers are taken as they are and ISO-8601 as epoch milliseconds: one data set cannot have both. */
    @Test
    void integerAndIsoTimestampsInOneDataSetAreRefused() throws IOException {
        Path p = write("e.csv", "user,item,timestamp\nu1,i1,10\nu1,i2,2024-01-01T00:00:00Z\nu2,i1,20\n");
        assertEquals("Bad input: " + uri(p) + ":3: field 'timestamp': is an ISO-8601 timestamp, where " + uri(p)
                + " line 2 has an integer one: integers are taken as they are and ISO-8601 as epoch milliseconds,"
                + " so the two cannot be compared; write every timestamp one way", fail(uri(p), "csv").getMessage());
        Path iso = write("iso-first.csv", "user,item,timestamp\nu1,i1,2024-01-01T00:00:00Z\nu1,i2,10\n");
        assertTrue(fail(uri(iso), "csv").getMessage().contains(":3: field 'timestamp': is an integer timestamp, where "
                + uri(iso) + " line 2 has an ISO-8601 one"));
    }

    /** "user_id" and "userId" are one name to the reader: which column is the user's is not for it to guess. */
    @Test
    void twoColumnsOfOneNameAreRefused() throws IOException {
        assertCsvRefused("user_id,item,timestamp,userId\nu1,i1,10,u9\n", ":1: field 'user_id': columns 1 and 4"
                + " (\"user_id\", \"userId\") have the same name; which one is meant is unclear: keep one");
    }

    @Test
    void nonNumericTimestampNamesTheField() throws IOException {
        Path p = write("e.csv", "user,item,timestamp\nu1,i1,10\nu1,i2,yesterday\n");
        assertEquals("Bad input: " + uri(p) + ":3: field 'timestamp': not a timestamp: \"yesterday\" (expected"
                + " integer epoch seconds or ISO-8601 with offset)", fail(uri(p), "csv").getMessage());
        Path ml = write("ml/u.data", "1\t10\t5\t88125x949\n");
        assertEquals("Bad input: " + uri(ml) + ":1: field 'timestamp': not an integer: \"88125x949\"",
                fail(uri(ml), "movielens").getMessage());
    }

    @Test
    void missingCsvColumnIsNamedWithTheHeaderFound() throws IOException {
        Path p = write("e.csv", "user,product,timestamp\nu1,i1,10\n");
        assertEquals("Bad input: " + uri(p) + ":1: field 'item': missing required column; header found: [user,"
                + " product, timestamp] (needs user,item,timestamp[,rating])", fail(uri(p), "csv").getMessage());
    }

    @Test
    void headerAliasesAreAccepted() throws IOException {
        Path p = write("e.csv", "userId,movieId,rating,ts\n1,2,3.5,10\n1,3,4,11\n");
        assertEquals(2, ingestor.ingest(uri(p), "csv", null, 1).stats().interactions());
    }

    @Test
    void severalProblemsAreReportedAtOnceUpToTheLimit() throws IOException {
        StringBuilder b = new StringBuilder("user,item,timestamp,rating\n");
        for (int i = 0; i < 30; i++) {
            b.append("u,i,t").append(i).append(",x\n");
        }
        Path p = write("e.csv", b.toString());
        BadInputException e = fail(uri(p), "csv");
        assertEquals(10, e.problems().size());
        assertTrue(e.truncated());
        assertTrue(e.getMessage().startsWith("Bad input: 10 problems (stopped after the first 10)\n  " + uri(p)
                + ":2: field 'timestamp': not a timestamp: \"t0\""), e.getMessage());
        assertEquals(new InputProblem(uri(p), 2, "rating", "not a number: \"x\""), e.problems().get(1));
        assertEquals(6, e.problems().get(9).line());
    }

    @Test
    void fewerProblemsThanTheLimitAreAllListed() throws IOException {
        Path p = write("seq.txt", "1 2\n1 x\n1 3\n1\n");
        BadInputException e = fail(uri(p), "caseq");
        assertFalse(e.truncated());
        assertEquals("Bad input: 2 problems\n  " + uri(p) + ":2: field 'item': not an integer: \"x\"\n  " + uri(p)
                + ":4: expected 2 space-separated fields (user item), found 1", e.getMessage());
    }

    @Test
    void emptyDataSet() throws IOException {
        Path p = write("e.csv", "user,item,timestamp\n");
        assertEquals("Bad input: " + uri(p) + ": empty data set: no interactions in [" + uri(p) + "]",
                fail(uri(p), "csv").getMessage());
        Path blank = write("empty.csv", "");
        assertEquals("Bad input: " + uri(blank) + ":1: is empty (expected a header user,item,timestamp)",
                fail(uri(blank), "csv").getMessage());
    }

    @Test
    void everyUserTooShortIsAnEmptyDataSet() throws IOException {
        Path p = write("seq.txt", "1 1\n1 2\n2 1\n");
        BadInputException e = assertThrows(BadInputException.class, () -> ingestor.ingest(uri(p), "caseq", null, 3));
        assertEquals("Bad input: " + uri(p) + ": field 'data.minSequenceLength': empty data set: all 2 users have"
                + " fewer than 3 interactions", e.getMessage());
    }

    @Test
    void unknownFormatListsTheKnownOnes() throws IOException {
        Path p = write("e.csv", "user,item,timestamp\n");
        assertEquals("Bad input: field 'data.format': unknown format \"parquet\"; known formats: [auto,"
                + " movielens, csv, letter, ilora, caseq]", fail(uri(p), "parquet").getMessage());
    }

    @Test
    void missingFileOfTheFormat() throws IOException {
        write("ml/README", "no data here\n");
        String folder = uri(dir.resolve("ml"));
        assertEquals("Bad input: " + folder + "u.data: missing file: format movielens needs "
                + DataFormat.MOVIELENS.files() + "; files here: [README]", fail(folder, "movielens").getMessage());
    }

    @Test
    void missingItemsUri() throws IOException {
        Path p = write("e.csv", "user,item,timestamp\nu,i,1\n");
        String items = uri(dir.resolve("items.csv"));
        BadInputException e = assertThrows(BadInputException.class, () -> ingestor.ingest(uri(p), "csv", items, 1));
        assertEquals("Bad input: " + items + ": missing: no such file or folder", e.getMessage());
    }

    @Test
    void uriOutsideTheAllowedRoots() {
        String u = "file:///etc/passwd";
        assertEquals("Bad input: " + u + ": is outside the allowed roots [" + dir + "]",
                fail(u, "csv").getMessage());
    }

    @Test
    void unreadableEncodingNamesTheLineAndByte() throws IOException {
        Path p = dir.resolve("e.csv");
        byte[] head = "user,item,timestamp\nu1,i1,1\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = "u1,Caf\u00e9,2\n".getBytes(StandardCharsets.ISO_8859_1); // latin-1 é is not UTF-8
        byte[] all = new byte[head.length + bad.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        Files.write(p, all);
        assertEquals("Bad input: " + uri(p) + ":3: unreadable encoding: byte 0xE9 at byte 7 of the line is not"
                + " valid UTF-8 (save the file as UTF-8)", fail(uri(p), "csv").getMessage());
    }

    @Test
    void invalidUtf8InJsonIsAnEncodingError() throws IOException {
        Path p = dir.resolve("x.inter.json");
        Files.write(p, new byte[] {'{', '"', 'u', '"', ':', '[', '"', (byte) 0xE9, '"', ']', '}'});
        BadInputException e = fail(uri(p), "letter");
        assertTrue(e.getMessage().startsWith("Bad input: " + uri(p) + ":1: unreadable encoding: not valid UTF-8"),
                e.getMessage());
    }

    @Test
    void malformedJsonNamesTheLine() throws IOException {
        Path p = write("x.inter.json", "{\n \"1\": [1, 2],\n \"2\": [3 4]\n}\n");
        BadInputException e = fail(uri(p), "letter");
        assertTrue(e.getMessage().startsWith("Bad input: " + uri(p) + ":3: malformed JSON: "), e.getMessage());
    }

    @Test
    void wrongJsonTypesNameTheUser() throws IOException {
        Path p = write("x.inter.json", "{\n \"1\": [1, 2],\n \"2\": {\"a\": 1},\n \"3\": [1, 2.5, true]\n}\n");
        BadInputException e = fail(uri(p), "letter");
        assertEquals(List.of(
                new InputProblem(uri(p), 3, "2", "expected an array of item ids, found an object"),
                new InputProblem(uri(p), 4, "3", "item ids must be integers or strings, found the number 2.5"),
                new InputProblem(uri(p), 4, "3", "item ids must be integers or strings, found a boolean")),
                e.problems());
    }

    @Test
    void duplicateJsonUser() throws IOException {
        Path p = write("x.inter.json", "{\"1\": [1, 2],\n\"1\": [3]}");
        assertTrue(fail(uri(p), "letter").getMessage().contains(":2: duplicate key: '1'"));
    }

    /** User keys are read without surrounding spaces, as item ids are: " 1" is user 1, so here twice. */
    @Test
    void aJsonUserTwiceButForSpaces() throws IOException {
        Path p = write("x.inter.json", "{\"1\": [1, 2],\n\" 1\": [3]}");
        assertEquals(List.of(new InputProblem(uri(p), 2, "1", "this user is here twice (keys differing only in spaces)")),
                fail(uri(p), "letter").problems());
    }

    /** Detection takes X.INTER.JSON as the letter format; the parser finds it (and its items file) in any case. */
    @Test
    void letterFilesInUpperCaseAreRead() throws IOException {
        write("upper/X.INTER.JSON", "{\"1\": [1, 2, 3]}");
        write("upper/X.ITEM.JSON", "{\"1\": {\"title\": \"One\"}}");
        IngestedDataset ingested = ingestor.ingest(uri(dir.resolve("upper")), "letter", null, 1);
        assertEquals(3, ingested.stats().interactions());
        assertEquals("One", IngestFixtures.item(ingested.dataset(), "1").title());
    }

    @Test
    void unterminatedCsvQuote() throws IOException {
        Path p = write("e.csv", "user,item,timestamp\nu1,\"i1,1\nu1,i2,2\n");
        assertEquals("Bad input: " + uri(p) + ":2: field 'field 2': a quoted field starting on this line is never"
                + " closed (missing \")", fail(uri(p), "csv").getMessage());
    }

    /** The rest of a large file would go into one field: refused once the field is past any sane length. */
    @Test
    void anUnterminatedQuoteBeforeALongRestIsRefusedAtTheFieldsLength() throws IOException {
        assertCsvRefused("user,item,timestamp\nu1,\"i1,1\n" + "u1,i2,2\n".repeat(200_000),
                ":2: field 'field 2': longer than " + CsvReader.MAX_FIELD_CHARS + " characters (a quote never closed?)");
    }

    /** A file without line breaks (or a binary one) would grow one line until the heap is gone. */
    @Test
    void aLineLongerThanAnyDataSetsIsRefused() throws IOException {
        Path p = dir.resolve("huge.csv");
        Files.write(p, new byte[TextLines.MAX_LINE_BYTES + 1]);
        String message = fail(uri(p), "csv").getMessage();
        assertTrue(message.startsWith("Bad input: " + uri(p) + ":1: the line is longer than " + TextLines.MAX_LINE_BYTES
                + " bytes"), message);
    }

    @Test
    void csvRowWithTooFewFields() throws IOException {
        Path p = write("e.csv", "user,item,timestamp\nu1,i1\n");
        assertEquals("Bad input: " + uri(p) + ":2: expected 3 fields as in the header [user, item, timestamp],"
                + " found 2", fail(uri(p), "csv").getMessage());
    }

    @Test
    void emptyIdIsNamed() throws IOException {
        Path p = write("e.csv", "user,item,timestamp\n ,i1,1\n");
        assertEquals("Bad input: " + uri(p) + ":2: field 'user': is empty", fail(uri(p), "csv").getMessage());
    }

    @Test
    void duplicateItemInTheItemFile() throws IOException {
        Path p = write("d/e.csv", "user,item,timestamp\nu,i,1\n");
        Path items = write("d/items.csv", "id,title\ni,One\ni,Two\n");
        assertEquals("Bad input: " + uri(items) + ":3: field 'id': duplicate item id \"i\"",
                fail(uri(p.getParent()), "csv").getMessage());
    }

    @Test
    void twoColumnsOfOneNameAreRefusedInItemAndIloraFilesToo() throws IOException {
        Path p = write("dup/e.csv", "user,item,timestamp\nu,i,1\n");
        Path items = write("dup/items.csv", "id,title,Title\ni,One,Two\n");
        assertEquals("Bad input: " + uri(items) + ":1: field 'title': columns 2 and 3 (\"title\", \"Title\") have"
                + " the same name; which one is meant is unclear: keep one", fail(uri(p.getParent()), "csv").getMessage());
        Path tsv = write("dupil/test.tsv", "row\tlen_seq\tseq\tseq\tnext_item_id\n0\t1\t1\t2\t5\n");
        assertTrue(fail(uri(dir.resolve("dupil")), "ilora").getMessage().contains(uri(tsv) + ":1: field 'seq':"
                + " columns 3 and 4"));
    }

    /** A wide file's problems name its first columns and count the rest, not all of them in every problem. */
    @Test
    void aWideHeaderIsShortenedInProblems() throws IOException {
        StringBuilder header = new StringBuilder("user,item,timestamp");
        for (int i = 0; i < 5000; i++) {
            header.append(",feature_").append(i);
        }
        Path p = write("wide.csv", header + "\nu1,i1,1\nu1,i2,2\n");
        String message = fail(uri(p), "csv").getMessage();
        assertTrue(message.contains(":2: expected 5003 fields as in the header [user, item, timestamp, feature_0,"),
                message.substring(0, Math.min(400, message.length())));
        assertTrue(message.contains("feature_16, ... 4983 more (5003 columns)], found 3"), message);
        assertTrue(message.length() < 2_000, "message of " + message.length() + " characters");
    }

    /** The item file's kind is known by its name: a wrong one is refused before the data is read (or its rows). */
    @Test
    void anItemFileOfNoKnownKindIsRefusedBeforeTheDataIsRead() throws IOException {
        Path p = write("early/e.csv", "user,item,timestamp\nu1,i1,1\nu1,i2,yesterday\n");
        Path notes = write("early/notes.txt", "not items\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ingestor.ingest(uri(p), "csv", uri(notes), 1));
        assertTrue(e.getMessage().startsWith("Bad input: " + uri(notes) + ": field 'data.itemsUri': is not an item"
                + " file of a known kind"), e.getMessage());
    }

    @Test
    void iloraLengthMismatchAndMissingColumn() throws IOException {
        Path p = write("il/test.tsv", "row\tlen_seq\tseq_item_ids\tnext_item_id\n0\t3\t1 2\t5\n");
        assertEquals("Bad input: " + uri(p) + ":2: field 'len_seq': says 3 but seq_item_ids holds 2 ids",
                fail(uri(dir.resolve("il")), "ilora").getMessage());
        Path q = write("il2/val.tsv", "row\tlen_seq\tseq\n0\t1\t1\n");
        assertEquals("Bad input: " + uri(q) + ":1: field 'next_item_id': missing required column; header found:"
                + " [row, len_seq, seq]", fail(uri(dir.resolve("il2")), "ilora").getMessage());
    }

    @Test
    void movieLensItemFileProblems() throws IOException {
        write("ml/u.data", "1\t10\t5\t100\n");
        Path item = write("ml/u.item", "10|T|01-Jan-1990||u|0|0|0|0|0|0|0|0|2|0|0|0|0|0|0|0|0|0|0\n11|Short|x\n");
        BadInputException e = fail(uri(dir.resolve("ml")), "movielens");
        assertEquals(List.of(
                new InputProblem(uri(item), 1, "genre Drama (field 14)", "expected 0 or 1, found \"2\""),
                new InputProblem(uri(item), 2, null, "expected 24 '|'-separated fields (id, title, release date,"
                        + " video release date, IMDb URL, 19 genre flags), found 3")), e.problems());
    }

    @Test
    void minSequenceLengthBelowOne() throws IOException {
        Path p = write("seq.txt", "1 2\n");
        BadInputException e = assertThrows(BadInputException.class, () -> ingestor.ingest(uri(p), "caseq", null, 0));
        assertEquals("Bad input: field 'data.minSequenceLength': must be at least 1, was 0", e.getMessage());
    }
}
