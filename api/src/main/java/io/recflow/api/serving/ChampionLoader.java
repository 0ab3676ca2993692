package io.recflow.api.serving;

import ai.djl.Device;
import io.recflow.activities.datasets.DatasetCodec;
import io.recflow.activities.foundation.FoundationModelFiles;
import io.recflow.activities.foundation.UnpackedFoundationModel;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.activities.model.LlmBundle;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

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

    ServedModel load(ModelVersionEntity version) {
        ArtifactRef artifact = artifactRecords.artifact(version.getArtifactId()).orElseThrow().toRef();
        byte[] bytes = read(artifact, InputStream::readAllBytes);
        try {
            return LlmBundle.isOne(bytes) ? languageModel(version, LlmBundle.read(new ByteArrayInputStream(bytes)))
                    : generative(version, ModelBundle.read(new ByteArrayInputStream(bytes), Device.cpu()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + artifact.uri() + ": " + e.getMessage(), e);
        }
    }

    private ServedModel generative(ModelVersionEntity version, ModelBundle bundle) {
        try {
            ItemCatalog catalog = catalog(bundle.manifest().dataset());
            return new ServedModel(version.toRef(), catalog, bundle.recommender(beam), null, bundle::close);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /** The foundation model is unpacked only while it loads: the weights then live in memory. */
    private ServedModel languageModel(ModelVersionEntity version, LlmBundle bundle) throws IOException {
        ItemCatalog catalog = catalog(bundle.manifest().dataset());
        SequenceEncoder encoder = read(bundle.manifest().encoder(), SequenceEncoders::load);
        try (UnpackedFoundationModel base = foundationModels.unpack(bundle.foundationModel())) {
            LlmRecommender model = LlmRecommender.load(base.directory(), bundle.trainedStream(), catalog, Device.cpu());
            LlmServing serving = model.serving(CollaborativeSignals.of(encoder), beam);
            return new ServedModel(version.toRef(), catalog, serving, serving, () -> {
                model.close();
                encoder.close();
            });
        } catch (IOException | RuntimeException e) {
            encoder.close();
            throw e;
        }
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
