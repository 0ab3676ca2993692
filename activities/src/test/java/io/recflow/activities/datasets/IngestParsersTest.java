package io.recflow.activities.datasets;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.recflow.activities.datasets.IngestFixtures.fixture;
import static io.recflow.activities.datasets.IngestFixtures.ingestor;
import static io.recflow.activities.datasets.IngestFixtures.item;
import static io.recflow.activities.datasets.IngestFixtures.itemIds;
import static io.recflow.activities.datasets.IngestFixtures.sequences;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestParsersTest {

    @Test
    void movieLens100kSortsByTimeStablyDropsShortUsersAndReadsLatin1Titles() {
        IngestedDataset r = ingestor().ingest(fixture("ml100k"), "movielens", null, 3);
        InteractionDataset d = r.dataset();
        assertEquals(DataFormat.MOVIELENS, r.format());
        // user 1: ts 300/100/200; user 2: ts 500/500/400 (the tie keeps file order: 20 before 10); user 3 has 2
        assertEquals(List.of("1: 20 30 10", "2: 40 20 10"), sequences(d));
        assertArrayEquals(new long[] {100, 200, 300}, d.sequences().get(0).timestamps());
        assertEquals(List.of("10", "20", "30", "40"), itemIds(d), "item 50 is never rated and not in the catalogue");
        Item cafe = item(d, "10");
        assertEquals("Café Lumière (1994)", cafe.title());
        assertEquals(List.of("Drama", "Romance"), cafe.categoryPath());
        assertEquals("1994", cafe.description());
        assertEquals(List.of(), item(d, "30").categoryPath(), "the 'unknown' genre is no category");
        assertEquals(List.of("Animation", "Children's", "Comedy"), item(d, "40").categoryPath());
        assertEquals(1, r.stats().droppedUsers());
        assertEquals(2, r.stats().droppedInteractions());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("dropped 1 users")), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("1 items of the item file")), r.notes().toString());
        assertTrue(r.predefinedSplit().isEmpty());
    }

    @Test
    void movieLens1mReadsDoubleColonFilesAndYearFromTitle() {
        InteractionDataset d = ingestor().ingest(fixture("ml1m"), "movielens", null, 3).dataset();
        assertEquals(List.of("1: 100 300 200", "2: 300 100 200"), sequences(d));
        Item mais = item(d, "100");
        assertEquals("Maïs Doré (2000)", mais.title());
        assertEquals(List.of("Drama", "Romance"), mais.categoryPath());
        assertEquals("2000", mais.description());
        assertEquals("", item(d, "300").description());
        assertEquals("Grey Garden, The (1995)", item(d, "200").title());
    }

    @Test
    void movieLensSingleFileHasBareItems() {
        IngestedDataset r = ingestor().ingest(fixture("ml100k/u.data"), "auto", null, 3);
        assertEquals(List.of("1: 20 30 10", "2: 40 20 10"), sequences(r.dataset()));
        assertEquals("", item(r.dataset(), "10").title());
        assertEquals("u", r.dataset().name());
    }

    @Test
    void csvHandlesQuotingCrlfIsoTimesExtraColumnsAndItemCsv() {
        IngestedDataset r = ingestor().ingest(fixture("csv"), "csv", null, 3);
        InteractionDataset d = r.dataset();
        assertEquals(List.of("u1: i1 i2 i3", "u2: i1 i2 i3"), sequences(d));
        // ISO-8601 as epoch milliseconds: u1's first two events, a tenth of a second apart, keep their order.
        assertArrayEquals(new long[] {1704067200100L, 1704067200200L, 1704067201000L}, d.sequences().get(0).timestamps());
        assertArrayEquals(new long[] {1704067200000L, 1704110400000L, 1704153600000L}, d.sequences().get(1).timestamps());
        Item i1 = item(d, "i1");
        assertEquals(List.of("Books", "Fiction", "Crime"), i1.categoryPath());
        assertEquals("The Long, Long Night", i1.title());
        assertEquals("A detective story", i1.description());
        assertEquals("Quote \"Q\" Book", item(d, "i3").title());
        assertEquals(List.of(), item(d, "i3").categoryPath());
        assertEquals(List.of("i1", "i2", "i3"), itemIds(d));
    }

    /** MovieLens' CSV release: ratings.csv with userId/movieId, movies.csv with movieId, title and genres "A|B". */
    @Test
    void csvFolderReadsMovieLensStyleItemsAndSaysWhatItIgnored(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,10,4.0,100\n1,20,3.5,200\n"
                + "1,30,5.0,300\n2,20,4.0,100\n2,10,2.0,200\n2,30,1.0,300\n");
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n10,Heat (1995),Action|Crime\n"
                + "20,Up (2009),Animation\n30,Alien (1979),(no genres listed)\n");
        Files.writeString(dir.resolve("users.csv"), "id,age\n1,30\n2,40\n");
        IngestedDataset r = IngestFixtures.ingestor(dir).ingest(IngestFixtures.uri(dir), "csv", null, 3);
        assertEquals("Heat (1995)", item(r.dataset(), "10").title());
        assertEquals(List.of("Action", "Crime"), item(r.dataset(), "10").categoryPath());
        assertEquals(List.of(), item(r.dataset(), "30").categoryPath());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("ignored [users.csv]")), r.notes().toString());

        Files.delete(dir.resolve("movies.csv"));
        IngestedDataset bare = IngestFixtures.ingestor(dir).ingest(IngestFixtures.uri(dir), "csv", null, 3);
        assertTrue(bare.notes().contains(CsvParser.NO_ITEMS_CSV_NOTE), bare.notes().toString());
    }

    @Test
    void csvItemsFromASeparateUri() {
        IngestedDataset r = ingestor().ingest(fixture("csv/events.csv"), "csv", fixture("csv/items.csv"), 3);
        assertEquals("Small Hours", item(r.dataset(), "i2").title());
        assertTrue(r.filesRead().get(r.filesRead().size() - 1).endsWith("items.csv"));
    }

    @Test
    void letterJsonUsesPositionsAsTimesAndReadsItemJson() {
        IngestedDataset r = ingestor().ingest(fixture("letter"), "letter", null, 3);
        InteractionDataset d = r.dataset();
        // users in natural order 0, 1, 10; user 2 has one item and is dropped (with item 7)
        assertEquals(List.of("0: 0 1 2", "1: 2 3 1 0", "10: 4 5 6"), sequences(d));
        assertArrayEquals(new long[] {0, 1, 2, 3}, d.sequences().get(1).timestamps());
        Item strings = item(d, "0");
        assertEquals(List.of("Musical Instruments", "Guitars", "Strings"), strings.categoryPath());
        assertEquals("Nickel wound", strings.description());
        assertEquals(List.of("Musical Instruments", "Guitars", "Accessories"), item(d, "1").categoryPath());
        assertEquals("Tuner é", item(d, "2").title());
        assertEquals(List.of("Accessories", "Picks"), item(d, "3").categoryPath());
        assertEquals("", item(d, "4").title());
        assertEquals(1, r.stats().droppedUsers());
    }

    @Test
    void iloraRebuildsTrainUsersFromWindowsAndKeepsTheSplit() {
        IngestedDataset r = ingestor().ingest(fixture("ilora"), "ilora", null, 3);
        InteractionDataset d = r.dataset();
        assertEquals(List.of("test-0: 4 5 6 9", "train-0: 0 1 2 3 4", "train-5: 5 6 0", "val-0: 7 8 9 1",
                "val-1: 2 3 8"), sequences(d));
        PredefinedSplit split = r.predefinedSplit().orElseThrow();
        assertEquals(List.of("train-0", "train-5"), split.trainUsers());
        assertEquals(List.of("val-0", "val-1"), split.validUsers());
        assertEquals(List.of("test-0"), split.testUsers());
        assertEquals("Alpha Band", item(d, "0").title());
        assertEquals("Beta::Gamma", item(d, "1").title());
        assertEquals("Café Trio", item(d, "2").title());
        assertFalse(d.catalog().indexOf("10").isPresent());
    }

    @Test
    void iloraMinimumLengthSparesEvaluationUsers() {
        IngestedDataset r = ingestor().ingest(fixture("ilora"), "ilora", null, 4);
        assertEquals(List.of("test-0: 4 5 6 9", "train-0: 0 1 2 3 4", "val-0: 7 8 9 1", "val-1: 2 3 8"),
                sequences(r.dataset()));
        assertEquals(List.of("train-0"), r.predefinedSplit().orElseThrow().trainUsers());
        assertEquals(1, r.stats().droppedUsers());
    }

    @Test
    void iloraMovieLensShiftsUItemIdsAndValidatesRatings() {
        IngestedDataset r = ingestor().ingest(fixture("ilora-ml"), "ilora", null, 3);
        InteractionDataset d = r.dataset();
        assertEquals(List.of("test-0: 2 1 0", "val-0: 0 1 2"), sequences(d));
        assertEquals("First Film (1990)", item(d, "0").title(), "TSV id 0 is u.item id 1");
        assertEquals(List.of("Comedy"), item(d, "1").categoryPath());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("no train.tsv")), r.notes().toString());
    }

    @Test
    void caseqKeepsRepeatsAndFileOrder() {
        IngestedDataset r = ingestor().ingest(fixture("caseq"), "caseq", null, 3);
        assertEquals(List.of("1: 5 3 5", "2: 1 2 3 4"), sequences(r.dataset()));
        assertArrayEquals(new long[] {0, 1, 2}, r.dataset().sequences().get(0).timestamps());
        assertEquals(List.of("1", "2", "3", "4", "5"), itemIds(r.dataset()));
    }

    @Test
    void statsCountWhatIsThere() {
        DatasetStats s = ingestor().ingest(fixture("letter"), "letter", null, 3).stats();
        assertEquals(3, s.users());
        assertEquals(7, s.items());
        assertEquals(10, s.interactions());
        assertEquals(3, s.minSequenceLength());
        assertEquals(3.0, s.medianSequenceLength());
        assertEquals(4, s.maxSequenceLength());
        assertEquals(4, s.itemsWithTitle());
        assertEquals(3, s.itemsWithCategory());
        assertEquals(2, s.itemsWithDescription());
        assertEquals(4.0 / 7, s.titleShare(), 1e-12);
    }

    @Test
    void movieLensFallsBackToItemsC2f(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("u.data"), "1\t7\t4\t10\n1\t8\t4\t11\n1\t7\t2\t12\n");
        java.nio.file.Files.writeString(dir.resolve("items_c2f.tsv"),
                "item_id\tgenres\ttitle\trelease_year\n7\tAction|Comedy\tSeven (1990)\t1990\n8\tunknown\tEight\t\n");
        InteractionDataset d = IngestFixtures.ingestor(dir).ingest(IngestFixtures.uri(dir), "auto", null, 3).dataset();
        assertEquals(List.of("1: 7 8 7"), sequences(d));
        assertEquals(List.of("Action", "Comedy"), item(d, "7").categoryPath());
        assertEquals("1990", item(d, "7").description());
        assertEquals(List.of(), item(d, "8").categoryPath());
        assertEquals("Eight", item(d, "8").title());
    }

    @Test
    void iloraTitlesFromAUItemGivenAsItemsUri() {
        IngestedDataset r = ingestor().ingest(fixture("ilora-ml/val.tsv"), "ilora", fixture("ilora-ml/u.item"), 3);
        assertEquals("Third Film (1992)", item(r.dataset(), "2").title());
    }
}
