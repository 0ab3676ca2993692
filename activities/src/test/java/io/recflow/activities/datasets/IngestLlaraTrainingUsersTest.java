package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.recflow.activities.datasets.IngestFixtures.fixture;
import static io.recflow.activities.datasets.IngestFixtures.ingestor;
import static io.recflow.activities.datasets.IngestFixtures.item;
import static io.recflow.activities.datasets.IngestFixtures.sequences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code data.trainUri}: the LLaRA split's training users rebuilt from a MovieLens u.data (fixtures llara*). */
class IngestLlaraTrainingUsersTest {

    private static IngestedDataset ingest(String iloraFixture, String format, String trainUri) {
        return ingestor().ingest(fixture(iloraFixture), format, null, 3, trainUri, SplitChoice.AUTO);
    }

    @Test
    void everyOtherMovieLensUserBecomesATrainingUserWithZeroBasedIds() {
        IngestedDataset r = ingest("llara", "ilora", fixture("llara-movielens"));
        // MovieLens users 1 and 2 are the val and test rows; 3 and 10 train, time-sorted, ties in file
        // order (user 10's items 22 and 12 share a time), ratings below 3 dropped, ids = MovieLens id - 1.
        assertEquals(List.of(
                "test-0: 20 21 22",
                "train-3: 10 20 30",
                "train-10: 21 11 31",
                "val-0: 11 14 13 15"), sequences(r.dataset()));
        PredefinedSplit split = r.predefinedSplit().orElseThrow();
        assertEquals(List.of("train-3", "train-10"), split.trainUsers());
        assertEquals(List.of("val-0"), split.validUsers());
        assertEquals(List.of("test-0"), split.testUsers());
        assertTrue(r.notes().contains("2 of 2 val/test rows matched a MovieLens user of "
                + fixture("llara-movielens/u.data") + " (1 exactly, the rest up to the order of equal timestamps);"
                + " the other 2 users are the training users (6 interactions, ratings of at least 3 as in the"
                + " val/test rows)"), r.notes()::toString);
        assertEquals("First Film (1991)", item(r.dataset(), "10").title());
    }

    @Test
    void theValAndTestUsersKeepTheirRowsAndTargets() {
        SplitManifest m = ingest("llara", "ilora", fixture("llara-movielens/u.data")).split(null, 0);
        assertEquals(List.of(
                new SplitManifest.Entry("test-0", 0, -1, 2),
                new SplitManifest.Entry("train-3", 3, -1, -1),
                new SplitManifest.Entry("train-10", 3, -1, -1),
                new SplitManifest.Entry("val-0", 0, 3, -1)), m.entries());
    }

    @Test
    void aRowMatchingNoMovieLensUserIsRefusedNamingIt() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> ingest("llara-unmatched", "ilora", fixture("llara-movielens")));
        assertEquals(fixture("llara-movielens/u.data"), e.problems().get(0).file());
        assertEquals("data.trainUri", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("the iLoRA row val-0 (items [97, 98, 99]) matches no MovieLens user's"
                + " last events"), e.getMessage());
    }

    @Test
    void aTrainUriNeedsIloraDataWithoutTrainingUsers() {
        BadInputException other = assertThrows(BadInputException.class,
                () -> ingest("caseq", "caseq", fixture("llara-movielens")));
        assertTrue(other.getMessage().contains("only applies to format ilora"), other.getMessage());
        BadInputException both = assertThrows(BadInputException.class,
                () -> ingest("ilora", "ilora", fixture("llara-movielens")));
        assertTrue(both.getMessage().contains("has training users of its own (train.tsv)"), both.getMessage());
    }
}
