package io.recflow.activities.datasets;

import io.recflow.ml.data.InteractionDataset;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link DatasetIngestor#ingest}: the canonical data set, its stats, the split that
 * came with the data (if any), the split asked for, the files read and notes worth showing a person.
 */
public record IngestedDataset(InteractionDataset dataset, DataFormat format, String sourceUri, DatasetStats stats,
                              Optional<PredefinedSplit> predefinedSplit, SplitChoice splitChoice,
                              List<String> filesRead, List<String> notes) {

    public IngestedDataset {
        filesRead = List.copyOf(filesRead);
        notes = List.copyOf(notes);
    }

    public DatasetSnapshot snapshot() {
        return new DatasetSnapshot(dataset, format.id(), sourceUri, stats);
    }

    /** The split asked for ({@link SplitChoice#AUTO}: the predefined one when the data has it, else leave-one-out). */
    /**
     * Refuses a split that leaves nothing to train on or nothing to evaluate, before the run writes anything: a
     * pipeline over it would report means over no user. (Reading a file alone, as the format tests do, is fine.)
     */
    public void requireTrainableAndEvaluable() {
        splitChoice.requireTrainableAndEvaluable(sourceUri, dataset, predefinedSplit);
    }

    public SplitManifest split(String datasetSha256, long seed) {
        return splitChoice.apply(dataset, predefinedSplit, datasetSha256, seed);
    }
}
