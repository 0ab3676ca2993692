package io.recflow.activities.evaluate;

import ai.djl.Device;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.activities.model.LlmBundle;
import io.recflow.activities.model.ModelArtifact;
import io.recflow.activities.model.ModelBundle;
import io.recflow.activities.store.ArtifactIntegrityException;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.activities.store.ArtifactStoreException;
import io.recflow.workflows.ArtifactRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Finds a model's current champion and loads it when it can be scored on this run's split: it must have
 * been trained on the very same data set artifact (same sha256), because the split is derived from the
 * data set alone, so only then are its catalogue and test users the candidate's and its test events
 * unseen in its training.
 */
@ApplicationScoped
public class ChampionLookup {

    @Inject
    ModelRegistry registry;
    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    ArtifactStore store;

    /** The champion of {@code model} ready to score on {@code dataset}, or why it cannot be. */
    LoadedChampion load(String model, ArtifactRef dataset) {
        if (model == null) {
            return LoadedChampion.skipped(ChampionScoring.skipped(null, null,
                    "the request names no model (it was started before champions were scored)"));
        }
        Optional<ModelVersionEntity> champion = registry.champion(model);
        if (champion.isEmpty()) {
            return LoadedChampion.skipped(ChampionScoring.skipped(model, null, model + " has no champion yet"));
        }
        int version = champion.get().getVersion();
        ArtifactRef artifact = artifactRecords.artifact(champion.get().getArtifactId()).orElseThrow().toRef();
        if (!store.exists(artifact)) {
            return LoadedChampion.skipped(ChampionScoring.skipped(model, version,
                    "the champion's artifact " + artifact.uri() + " is missing from the store"));
        }
        ModelBundle bundle = null;
        LlmBundle languageModel = null;
        try (InputStream in = store.open(artifact)) {
            ModelArtifact stored = ModelArtifact.read(in); // a few MB: a foundation model's weights are not in it
            if (stored.isLanguageModel()) {
                languageModel = stored.languageModel();
            } else {
                bundle = stored.generative(Device.cpu());
            }
        } catch (ArtifactIntegrityException e) {
            return LoadedChampion.skipped(ChampionScoring.skipped(model, version,
                    "the champion's artifact is damaged: " + e.getMessage()));
        } catch (ArtifactStoreException e) {
            throw e; // the store is unreachable: retry the attempt rather than evaluate without the champion
        } catch (IOException | RuntimeException e) {
            return LoadedChampion.skipped(ChampionScoring.skipped(model, version,
                    "the champion cannot be loaded: " + e.getMessage()));
        }
        LoadedChampion loaded = new LoadedChampion(ChampionScoring.scored(model, version), bundle, languageModel,
                artifact);
        ArtifactRef trainedOn = bundle != null ? bundle.manifest().dataset() : languageModel.manifest().dataset();
        if (trainedOn == null || !dataset.sha256().equals(trainedOn.sha256())) {
            loaded.close();
            return LoadedChampion.skipped(ChampionScoring.skipped(model, version,
                    "the champion was trained on another data set (" + shortSha(trainedOn) + ", this run "
                            + shortSha(dataset) + "): its test users are not this run's"));
        }
        return loaded;
    }

    private static String shortSha(ArtifactRef ref) {
        return ref == null || ref.sha256() == null ? "unknown" : "sha256 " + ref.sha256().substring(0, 12);
    }
}
