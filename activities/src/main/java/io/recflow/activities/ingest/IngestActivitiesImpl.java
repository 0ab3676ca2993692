package io.recflow.activities.ingest;

import io.recflow.activities.datasets.DatasetCodec;
import io.recflow.activities.datasets.DatasetIngestor;
import io.recflow.activities.datasets.DatasetStats;
import io.recflow.activities.datasets.IngestedDataset;
import io.recflow.activities.datasets.SplitChoice;
import io.recflow.activities.datasets.SplitManifest;
import io.recflow.activities.datasets.SplitManifestCodec;
import io.recflow.activities.sources.InputSources;
import io.recflow.activities.stage.PeriodicHeartbeat;
import io.recflow.activities.stage.StageRunner;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.ingest.IngestActivities;
import io.recflow.workflows.ingest.IngestRequest;
import io.recflow.workflows.ingest.IngestResult;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.spec.DataSpec;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * Stage 1. Reads and validates the whole data set before writing anything, so bad input leaves no
 * artifact behind; then stores the canonical snapshot and its split manifest.
 */
@ApplicationScoped
public class IngestActivitiesImpl implements IngestActivities {

    private static final Logger LOG = Logger.getLogger(IngestActivitiesImpl.class);
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);

    @Inject
    StageRunner stages;
    @Inject
    InputSources sources;

    @Override
    public IngestResult ingest(IngestRequest request) {
        return stages.run(Stage.INGEST.id(), "cpu", step -> {
            // Reading tens of millions of rows takes longer than the stage's heartbeat timeout: beat meanwhile.
            try (PeriodicHeartbeat heartbeat =
                         PeriodicHeartbeat.start(Activity.getExecutionContext(), HEARTBEAT_EVERY)) {
                heartbeat.phase("reading " + request.data().uri());
                DatasetIngestor ingestor = new DatasetIngestor(sources.data());
                IngestedDataset ingested = read(ingestor, request.data());
                ingested.requireTrainableAndEvaluable();
                ingested.notes().forEach(note -> LOG.infof("ingest %s: %s", ingested.sourceUri(), note));
                DatasetStats stats = ingested.stats();
                heartbeat.phase("storing the data set (" + stats.interactions() + " interactions)");
                ArtifactRef dataset = step.write(ArtifactKind.DATASET,
                        out -> DatasetCodec.write(ingested.snapshot(), out),
                        Map.of("source", ingested.sourceUri(), "format", ingested.format().id(),
                                "users", stats.users(), "items", stats.items(), "interactions", stats.interactions()));
                heartbeat.phase("storing the split");
                SplitManifest split = ingested.split(dataset.sha256(), request.seed());
                ArtifactRef splitRef = step.write(ArtifactKind.SPLIT, SplitManifestCodec.encode(split),
                        Map.of("strategy", split.strategy(), "seed", request.seed(), "dataset", dataset.sha256()));
                heartbeat.phase("done");
                return new IngestResult(dataset, splitRef, stats.users(), stats.items(), stats.interactions());
            }
        });
    }

    /** What the spec's data section names; a spec from the API has every default filled in. */
    static IngestedDataset read(DatasetIngestor ingestor, DataSpec data) {
        return ingestor.ingest(data.uri(), data.format(), data.itemsUri(),
                data.minSequenceLength() == null ? 3 : data.minSequenceLength(), data.trainUri(),
                SplitChoice.of(data.split(), data.lapse()));
    }
}
