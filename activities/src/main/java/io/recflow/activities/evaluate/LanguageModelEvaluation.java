package io.recflow.activities.evaluate;

import ai.djl.Device;
import io.recflow.activities.data.PreparedData;
import io.recflow.activities.foundation.FoundationModelFiles;
import io.recflow.activities.foundation.UnpackedFoundationModel;
import io.recflow.activities.model.LlmBundle;
import io.recflow.activities.stage.StageStep;
import io.recflow.activities.stage.WhileLoading;
import io.recflow.ml.encoder.SequenceEncoder;
import io.recflow.ml.encoder.SequenceEncoders;
import io.recflow.ml.evaluation.CandidatesProtocol;
import io.recflow.ml.llara.CollaborativeSignals;
import io.recflow.ml.llara.LlmRecommender;
import io.recflow.ml.llara.PromptTemplate;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.PopularityRecommender;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.evaluate.EvaluateRequest;
import io.recflow.workflows.evaluate.EvaluationResult;
import io.recflow.workflows.spec.EvaluationSpec;
import io.recflow.workflows.spec.TrainingSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A fine-tuned foundation model under the {@code candidates} protocol (the only one the spec lets it run),
 * with the rows to judge it by on the same users and draws: the comparison adapters, the foundation model
 * zero-shot (text-only prompts: what fine-tuning added), the sequence encoder whose signals it reads, popularity
 * and, as for every candidate, the champion. The language-model rows are scored both ways
 * ({@link LlmCandidatesScoring}); the models are loaded one at a time, as each holds the base's weights.
 */
@ApplicationScoped
public class LanguageModelEvaluation {

    static final String ZERO_SHOT = "zero-shot";

    @Inject
    ChampionLookup champions;
    @Inject
    FoundationModelFiles foundationModels;

    EvaluationResult evaluate(EvaluateRequest request, LlmBundle candidate, ProgressListener progress, StageStep step) {
        EvaluationSpec spec = request.evaluation();
        TrainingSpec training = candidate.manifest().training();
        PreparedData data = PreparedData.read(step, request.dataset(), request.split());
        try (SequenceEncoder encoder = SequenceEncoders.load(
                new ByteArrayInputStream(step.read(candidate.manifest().encoder())));
             UnpackedFoundationModel base = WhileLoading.load(progress,
                     () -> foundationModels.unpack(step, candidate.foundationModel()));
             LoadedChampion champion = champions.load(request.modelName(), request.dataset())) {
            EvaluationTargets targets = EvaluationTargets.of(data, spec, training.historyLength(), request.seed());
            EvaluationReport report = new EvaluationReport(targets.users(), candidate.manifest().lossCurves());
            report.adapters(training.adapter(), request.comparisons().keySet());
            LlmCandidatesScoring scoring = scoring(request, data, targets);
            CollaborativeSignals signals = CollaborativeSignals.of(encoder);
            PromptTemplate template = scoreFineTuned(EvaluationResult.CANDIDATE, candidate, base, data, signals,
                    scoring, progress, report);
            for (Map.Entry<String, ArtifactRef> comparison : request.comparisons().entrySet()) {
                scoreFineTuned(EvaluationResult.comparisonRow(comparison.getKey()),
                        step.read(comparison.getValue(), LlmBundle::read), base, data, signals, scoring, progress,
                        report);
            }
            try (LlmRecommender zeroShot = WhileLoading.load(progress, () -> LlmRecommender.open(base.directory(),
                    base.reference(), template, training.maxPromptTokens(), data.catalog(), Device.cpu()))) {
                report.add(ZERO_SHOT, scoring.score(zeroShot.scorer(null), progress));
            }
            ModelEvaluation.score(request, data, encoder.kind(), encoder, targets, progress, report);
            ModelEvaluation.score(request, data, "popularity",
                    PopularityRecommender.fit(data.trainSequences(), data.catalog().size()), targets, progress, report);
            if (champion.languageModelChampion().isPresent()) {
                step.used(champion.artifact());
                scoreChampion(champion.languageModelChampion().get(), request, data, progress, report, step);
            }
            return ModelEvaluation.finish(request, data, champion, targets, report, progress, step);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Scores a fine-tuned language model champion as the champion row, on the candidate's users and draws, with
     * what it was trained with: its own sequence encoder, foundation model and history length.
     */
    private void scoreChampion(LlmBundle champion, EvaluateRequest request, PreparedData data,
                               ProgressListener progress, EvaluationReport report, StageStep step) throws IOException {
        EvaluationSpec spec = request.evaluation();
        try (SequenceEncoder encoder = SequenceEncoders.load(
                new ByteArrayInputStream(step.read(champion.manifest().encoder())));
             UnpackedFoundationModel base = WhileLoading.load(progress,
                     () -> foundationModels.unpack(step, champion.foundationModel()))) {
            EvaluationTargets targets = EvaluationTargets.of(data, spec,
                    champion.manifest().training().historyLength(), request.seed());
            scoreFineTuned(EvaluationResult.CHAMPION, champion, base, data, CollaborativeSignals.of(encoder),
                    scoring(request, data, targets), progress, report);
        }
    }

    /** The candidates protocol on {@code targets}: the same draws for every row, as they depend on the seed alone. */
    private static LlmCandidatesScoring scoring(EvaluateRequest request, PreparedData data, EvaluationTargets targets) {
        EvaluationSpec spec = request.evaluation();
        return new LlmCandidatesScoring(new CandidatesProtocol(spec.candidateCount(), spec.candidateDraws(),
                request.seed()), targets, data.catalog().size());
    }

    /** Scores one fine-tuned model as {@code row}; returns its prompt template, which the zero-shot row reuses. */
    private static PromptTemplate scoreFineTuned(String row, LlmBundle bundle, UnpackedFoundationModel base,
                                                 PreparedData data, CollaborativeSignals signals,
                                                 LlmCandidatesScoring scoring, ProgressListener progress,
                                                 EvaluationReport report) throws IOException {
        try (LlmRecommender model = WhileLoading.load(progress, () -> LlmRecommender.load(base.directory(),
                bundle.trainedStream(), data.catalog(), Device.cpu()))) {
            report.add(row, scoring.score(model.scorer(signals), progress));
            return model.template();
        }
    }
}
