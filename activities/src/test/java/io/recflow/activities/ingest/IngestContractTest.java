package io.recflow.activities.ingest;

import io.recflow.activities.datasets.DataFormat;
import io.recflow.activities.datasets.DatasetIngestor;
import io.recflow.activities.datasets.IngestedDataset;
import io.recflow.activities.datasets.SourceResolver;
import io.recflow.activities.datasets.SplitChoice;
import io.recflow.workflows.spec.DataSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The data-set library speaks the pipeline spec's language: the same names, the same defaults. */
class IngestContractTest {

    @Test
    void formatNamesMatchTheSpecContract() {
        assertEquals(DataSpec.FORMATS, DataFormat.names());
    }

    @Test
    void splitNamesAndTheDefaultLapseMatchTheSpecContract() {
        assertEquals(DataSpec.SPLITS, SplitChoice.STRATEGIES);
        assertEquals(DataSpec.DEFAULT_LAPSE, SplitChoice.DEFAULT_LAPSE);
    }

    @Test
    void ingestsADataSpecWithDefaults() throws Exception {
        Path fixtures = Path.of(IngestContractTest.class.getResource("/ingest").toURI());
        DatasetIngestor ingestor = new DatasetIngestor(new SourceResolver(List.of(fixtures), List.of(), null));
        DataSpec data = DataSpec.builder().uri(fixtures.resolve("ml100k").toUri().toString()).build();

        IngestedDataset r = IngestActivitiesImpl.read(ingestor, data);

        assertEquals(DataFormat.MOVIELENS, r.format());
        assertEquals(1, r.stats().droppedUsers(), "minimum length 3 by default");
    }
}
