package io.recflow.activities.ingest;

import io.recflow.ml.data.InteractionDataset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.recflow.activities.ingest.IngestFixtures.fixture;
import static io.recflow.activities.ingest.IngestFixtures.ingestor;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
