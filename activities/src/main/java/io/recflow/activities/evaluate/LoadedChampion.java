package io.recflow.activities.evaluate;

import io.recflow.activities.model.LlmBundle;
import io.recflow.activities.model.ModelBundle;
import io.recflow.workflows.ArtifactRef;

import java.util.Optional;

/**
 * The champion when it can be scored on this run's split — a tiny generative {@code bundle} or a fine-tuned
 * {@code languageModel}, the other null — with its model artifact (all null when it cannot be), and the
 * report's note about it.
 */
record LoadedChampion(ChampionScoring note, ModelBundle bundle, LlmBundle languageModel, ArtifactRef artifact)
        implements AutoCloseable {

    static LoadedChampion skipped(ChampionScoring note) {
        return new LoadedChampion(note, null, null, null);
    }

    /** A tiny generative champion, which scores as any recommender does. */
    Optional<ModelBundle> scorable() {
        return Optional.ofNullable(bundle);
    }

    /** A fine-tuned language model champion, which only a language-model evaluation can score. */
    Optional<LlmBundle> languageModelChampion() {
        return Optional.ofNullable(languageModel);
    }

    /** This champion left unscored by an evaluation that cannot score a language model, saying so. */
    LoadedChampion withoutLanguageModel() {
        if (languageModel == null) {
            return this;
        }
        return skipped(ChampionScoring.skipped(note.model(), note.version(), "the champion is a fine-tuned"
                + " language model, which is scored beside language-model candidates only (their candidates"
                + " protocol)"));
    }

    @Override
    public void close() {
        if (bundle != null) {
            bundle.close();
        }
    }
}
