package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.data.PreparedData;
import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.data.UserSequence;
import io.recflow.ml.evaluation.TemporalGapProtocol;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.recflow.activities.datasets.IngestFixtures.fixture;
import static io.recflow.activities.datasets.IngestFixtures.ingestor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestSplitTest {

    @Test
    void leaveOneOutHoldsOutTheLastTwo() {
        IngestedDataset r = ingestor().ingest(fixture("letter"), "letter", null, 3);
        SplitManifest m = r.split("sha", 7);
        assertEquals(SplitManifest.LEAVE_ONE_OUT, m.strategy());
        assertEquals(7, m.seed());
        assertEquals("sha", m.datasetSha256());
        // users 0: [0 1 2], 1: [2 3 1 0], 10: [4 5 6]
        assertEquals(List.of(new SplitManifest.Entry("0", 1, 1, 2), new SplitManifest.Entry("1", 2, 2, 3),
                new SplitManifest.Entry("10", 1, 1, 2)), m.entries());
        assertEquals(new SplitManifest.Counts(3, 3, 4, 3, 3), m.counts());
        InteractionDataset d = r.dataset();
        // the test target of user 1 is item "0", its validation target item "1"
        SplitManifest.Entry e = m.entries().get(1);
        assertEquals("0", d.catalog().get(d.sequences().get(1).items()[e.testIndex()]).externalId());
        assertEquals("1", d.catalog().get(d.sequences().get(1).items()[e.validIndex()]).externalId());
    }

    @Test
    void leaveOneOutKeepsUsersShorterThanThreeForTrainingOnly() {
        InteractionDataset d = ingestor().ingest(fixture("letter"), "letter", null, 1).dataset();
        SplitManifest m = SplitManifest.leaveOneOut(d, null, 0);
        assertEquals(new SplitManifest.Entry("2", 1, -1, -1), m.entries().get(2));
        assertEquals(new SplitManifest.Counts(4, 4, 5, 3, 3), m.counts());
    }

    /** A predefined row with an empty history (LLaRA's len_seq 1) is not evaluated, so it is not counted as a target. */
    @Test
    void aTargetWithoutHistoryIsNotCounted() {
        SplitManifest m = new SplitManifest(SplitManifest.PREDEFINED, 0, null, List.of(
                new SplitManifest.Entry("train", 3, -1, -1), new SplitManifest.Entry("empty-test", 0, -1, 0),
                new SplitManifest.Entry("test", 0, -1, 2), new SplitManifest.Entry("empty-val", 0, 0, -1)));
        assertEquals(new SplitManifest.Counts(4, 1, 3, 0, 1), m.counts());
    }

    @Test
    void predefinedSplitKeepsTheFilesRoles() {
        IngestedDataset r = ingestor().ingest(fixture("ilora"), "ilora", null, 3);
        SplitManifest m = r.split(null, 0);
        assertEquals(SplitManifest.PREDEFINED, m.strategy());
        // test-0: 4 5 6 9 | train-0: 0 1 2 3 4 | train-5: 5 6 0 | val-0: 7 8 9 1 | val-1: 2 3 8
        assertEquals(List.of(
                new SplitManifest.Entry("test-0", 0, -1, 3),
                new SplitManifest.Entry("train-0", 5, -1, -1),
                new SplitManifest.Entry("train-5", 3, -1, -1),
                new SplitManifest.Entry("val-0", 0, 3, -1),
                new SplitManifest.Entry("val-1", 0, 2, -1)), m.entries());
        assertEquals(new SplitManifest.Counts(5, 2, 8, 2, 1), m.counts());
    }

    private static InteractionDataset lengths(int... lengths) {
        List<UserSequence> users = new java.util.ArrayList<>();
        for (int u = 0; u < lengths.length; u++) {
            int[] items = new int[lengths[u]];
            long[] times = new long[lengths[u]];
            for (int i = 0; i < items.length; i++) {
                items[i] = i;
                times[i] = i;
            }
            users.add(new UserSequence("u" + u, items, times));
        }
        List<Item> items = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(Item.bare(i, Integer.toString(i)));
        }
        return new InteractionDataset("lengths", new ItemCatalog(items), users);
    }

    @Test
    void temporalGapWithholdsTheLastLapseEventsOfLongEnoughUsers() {
        // lapse 3: a user needs 5 events; u0 (4 events) trains whole
        SplitManifest m = SplitManifest.temporalGap(lengths(4, 5, 8), 3, "sha", 9);
        assertEquals(SplitManifest.TEMPORAL_GAP, m.strategy());
        assertEquals(3, m.lapse());
        assertEquals(List.of(
                new SplitManifest.Entry("u0", 4, -1, -1, -1, -1),
                new SplitManifest.Entry("u1", 2, -1, -1, 2, 4),
                new SplitManifest.Entry("u2", 5, -1, -1, 5, 7)), m.entries());
        assertEquals(new SplitManifest.Counts(3, 3, 11, 0, 0, 2, 2), m.counts());
    }

    @Test
    void theTemporalGapManifestServesTheProtocolsSplit() {
        InteractionDataset d = lengths(4, 5, 8);
        TemporalGapProtocol.Split served = new PreparedData(d, SplitManifest.temporalGap(d, 3, null, 0)).temporalGap(50);
        TemporalGapProtocol.Split direct = TemporalGapProtocol.split(d.sequences(), 3);
        assertEquals(direct, served);
        assertEquals(List.of(), new PreparedData(d, SplitManifest.temporalGap(d, 3, null, 0)).test(50));
    }

    @Test
    void theSpecChoosesTheSplit() {
        SplitManifest gap = ingestor().ingest(fixture("caseq"), "caseq", null, 1, null, SplitChoice.of("temporal-gap", 2))
                .split(null, 0);
        // users 1: [5 3 5], 2: [1 2 3 4], 3: [9]
        assertEquals(List.of(new SplitManifest.Entry("1", 3, -1, -1), new SplitManifest.Entry("2", 2, -1, -1, 2, 3),
                new SplitManifest.Entry("3", 1, -1, -1)), gap.entries());
        SplitManifest loo = ingestor().ingest(fixture("ilora"), "ilora", null, 3, null, SplitChoice.of("leave-one-out", null))
                .split(null, 0);
        assertEquals(SplitManifest.LEAVE_ONE_OUT, loo.strategy());
    }

    @Test
    void aSplitTheDataCannotHaveIsRefusedNamingTheField() {
        BadInputException predefined = assertThrows(BadInputException.class, () -> ingestor().ingest(fixture("caseq"),
                "caseq", null, 1, null, SplitChoice.of("predefined", null)));
        assertEquals("data.split", predefined.problems().get(0).field());
        assertTrue(predefined.getMessage().contains("format caseq has no split of its own"), predefined.getMessage());
        BadInputException gap = assertThrows(BadInputException.class, () -> ingestor().ingest(fixture("ilora"),
                "ilora", null, 3, null, SplitChoice.of("temporal-gap", null)));
        assertTrue(gap.getMessage().contains("format ilora fixes its own split"), gap.getMessage());
        BadInputException unknown = assertThrows(BadInputException.class, () -> SplitChoice.of("random", null));
        assertEquals("data.split", unknown.problems().get(0).field());
    }
}
