package io.recflow.api.serving;

import ai.djl.Device;
import io.recflow.activities.datasets.DatasetCodec;
import io.recflow.activities.foundation.FoundationModelFiles;
import io.recflow.activities.foundation.UnpackedFoundationModel;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.activities.model.LlmBundle;
import io.recflow.activities.model.ModelArtifact;
import io.recflow.activities.model.ModelBundle;
import io.recflow.activities.stage.StageStep;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.encoder.SequenceEncoder;
import io.recflow.ml.encoder.SequenceEncoders;
import io.recflow.ml.llara.CollaborativeSignals;
import io.recflow.ml.llara.LlmRecommender;
import io.recflow.ml.llara.LlmServing;
import io.recflow.workflows.ArtifactRef;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.recflow.ml.recommend.BatchPolicy;
import io.recflow.ml.recommend.BatchingRecommender;
import io.recflow.ml.recommend.Recommender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Loads a model version for serving, whichever backbone it was trained on: a tiny generative model's
 * bundle holds everything; a fine-tuned foundation model's holds what fine-tuning trained, and the
 * foundation model and the sequence encoder are read from their own artifacts.
 */
@ApplicationScoped
class ChampionLoader {

    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    ArtifactStore store;
    @Inject
    FoundationModelFiles foundationModels;
    @ConfigProperty(name = "recflow.serving.beam", defaultValue = "20")
    int beam;
    @ConfigProperty(name = "recflow.serving.batch.max-rows", defaultValue = "64")
    int batchMaxRows;
    @ConfigProperty(name = "recflow.serving.batch.max-wait", defaultValue = "2ms")
    Duration batchMaxWait;
    @ConfigProperty(name = "recflow.serving.small-batch-rows", defaultValue = "8")
    int smallBatchRows;
    @Inject
    MeterRegistry meters;

    ServedModel load(ModelVersionEntity version) {
        ArtifactRef artifact = artifactRecords.artifact(version.getArtifactId()).orElseThrow().toRef();
        ModelArtifact stored = read(artifact, ModelArtifact::read);
        try {
            return stored.isLanguageModel() ? languageModel(version, stored.languageModel())
                    : generative(version, stored.generative(Device.cpu()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + artifact.uri() + ": " + e.getMessage(), e);
        }
    }

    private ServedModel generative(ModelVersionEntity version, ModelBundle bundle) {
        ServedModel served;
        try {
            ItemCatalog catalog = catalog(bundle.manifest().dataset());
            served = batched(version, catalog, bundle.servingRecommender(beam), smallBatchRows, null, bundle::close);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
        try {
            warmUp(served);
        } catch (RuntimeException e) {
            served.release(); // closes the batcher and the bundle
            throw e;
        }
        return served;
    }

    /** The foundation model is unpacked only while it loads: the weights then live in memory. */
    private ServedModel languageModel(ModelVersionEntity version, LlmBundle bundle) throws IOException {
        ItemCatalog catalog = catalog(bundle.manifest().dataset());
        SequenceEncoder encoder = read(bundle.manifest().encoder(), SequenceEncoders::load);
        try (UnpackedFoundationModel base = foundationModels.unpack(bundle.foundationModel())) {
            LlmRecommender model = LlmRecommender.load(base.directory(), bundle.trainedStream(), catalog, Device.cpu());
            try {
                LlmServing serving = model.serving(CollaborativeSignals.of(encoder), beam,
                        bundle.manifest().training().historyLength());
                // Always the engine's threads: a language model's matmuls are large enough to share between cores.
                return batched(version, catalog, serving, 0, serving, () -> {
                    model.close();
                    encoder.close();
                });
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /**
     * The model behind a batcher: concurrent requests are decoded together (a batch costs the model
     * far less per request than one at a time), and each gets what it would get alone.
     *
     * @param smallBatchRows model calls of at most this many histories run on one PyTorch thread (0: none)
     */
    private ServedModel batched(ModelVersionEntity version, ItemCatalog catalog, Recommender model, int smallBatchRows,
                                LlmServing languageModel, Runnable close) {
        DistributionSummary rows = DistributionSummary.builder("recflow.serving.batch.rows")
                .description("histories per call of the served model: how much concurrent requests share")
                .tag("model", version.toRef().name())
                .register(meters);
        BatchingRecommender batcher = new BatchingRecommender(model, new BatchPolicy(batchMaxRows, batchMaxWait, smallBatchRows),
                version.toRef().toString(), rows::record);
        return new ServedModel(version.toRef(), catalog, batcher, languageModel, () -> {
            batcher.close();
            close.run();
        });
    }

    /**
     * One ranking and one scoring before the model takes requests, so that the first requests do not
     * pay for the JIT and PyTorch's first allocations (a language model is not warmed: its requests
     * take seconds, and so would this).
     */
    private static void warmUp(ServedModel served) {
        int[][] history = {{0}};
        served.recommender().recommend(history, 10);
        served.recommender().scoreCandidates(history, new int[][]{{0}});
    }

    private ItemCatalog catalog(ArtifactRef dataset) {
        return read(dataset, DatasetCodec::read).dataset().catalog();
    }

    private <T> T read(ArtifactRef ref, StageStep.Decoder<T> decoder) {
        try (InputStream in = store.open(ref)) {
            return decoder.decode(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref.uri() + ": " + e.getMessage(), e);
        }
    }
}
