package io.recflow.activities.evaluate;

import io.recflow.activities.model.ModelBundle;
import io.recflow.workflows.ArtifactRef;

import java.util.Optional;

/**
 * The champion's bundle and model artifact when it can be scored on this run's split (both null when
 * not), and the report's note about it.
 */
record LoadedChampion(ChampionScoring note, ModelBundle bundle, ArtifactRef artifact) implements AutoCloseable {

    static LoadedChampion skipped(ChampionScoring note) {
        return new LoadedChampion(note, null, null);
    }

    Optional<ModelBundle> scorable() {
        return Optional.ofNullable(bundle);
    }

    @Override
    public void close() {
        if (bundle != null) {
            bundle.close();
        }
    }
}
