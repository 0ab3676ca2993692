package io.recflow.activities.datasets;

import io.recflow.ml.data.InteractionDataset;

/**
 * The canonical data set as stored in the {@code dataset} artifact.
 *
 * @param format    the input format it was read from ({@link DataFormat#id()})
 * @param sourceUri the URI it was read from
 */
public record DatasetSnapshot(InteractionDataset dataset, String format, String sourceUri, DatasetStats stats) {
}
