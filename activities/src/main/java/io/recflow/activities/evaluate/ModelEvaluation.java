package io.recflow.activities.evaluate;

import ai.djl.Device;
import io.recflow.activities.data.PreparedData;
import io.recflow.activities.model.ModelArtifact;
import io.recflow.activities.model.ModelBundle;
import io.recflow.activities.stage.StageStep;
import io.recflow.ml.evaluation.CandidatesProtocol;
import io.recflow.ml.evaluation.FullRankingProtocol;
import io.recflow.ml.evaluation.ProtocolResult;
import io.recflow.ml.evaluation.TemporalGapProtocol;
import io.recflow.ml.generative.GenerativeModel;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.PopularityRecommender;
import io.recflow.ml.recommend.Recommender;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.evaluate.EvaluateRequest;
import io.recflow.workflows.evaluate.EvaluationResult;
import io.recflow.workflows.spec.EvaluationSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every configured protocol, for the candidate and its baselines — the pre-trained base before
 * fine-tuning, the sequence encoder on its own (SASRec or CaseQ), and popularity — on the same test users and the
 * same candidate draws (temporal-gap: on the same id/ood examples and popularity-sampled negatives). The
 * model's champion joins them as the {@code champion} row when it was trained on the same data set (so
 * its test users are these), which lets promotion compare the two user by user. The report keeps
 * per-user values, the candidate's paired comparisons with every row and the training curves (for plots).
 * A fine-tuned foundation model is scored by {@link LanguageModelEvaluation}, with the same last rows.
 */
@ApplicationScoped
public class ModelEvaluation {

    @Inject
    ChampionLookup champions;
    @Inject
    LanguageModelEvaluation languageModels;

    public EvaluationResult evaluate(EvaluateRequest request, ProgressListener progress, StageStep step) {
        EvaluationSpec spec = request.evaluation();
        ModelArtifact candidate = step.read(request.model(), ModelArtifact::read);
        try {
            if (candidate.isLanguageModel()) {
                return languageModels.evaluate(request, candidate.languageModel(), progress, step);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PreparedData data = PreparedData.read(step, request.dataset(), request.split());
        try (ModelBundle bundle = candidate.generative(Device.cpu());
             GenerativeModel base = bundle.loadBase(Device.cpu());
             ComparisonModels comparisons = ComparisonModels.read(step, request.comparisons());
             LoadedChampion champion = champions.load(request.modelName(), request.dataset())) {
            Map<String, Recommender> rows = rows(bundle, base, comparisons, data, spec);
            EvaluationTargets targets = EvaluationTargets.of(data, spec, bundle.model().config().historyLength(),
                    request.seed());
            EvaluationReport report = new EvaluationReport(targets.users(), bundle.manifest().lossCurves());
            report.adapters(bundle.manifest().training().adapter(), request.comparisons().keySet());
            for (Map.Entry<String, Recommender> model : rows.entrySet()) {
                score(request, data, model.getKey(), model.getValue(), targets, progress, report);
            }
            if (spec.validation()) {
                EvaluationTargets validation = EvaluationTargets.validation(data, spec,
                        bundle.model().config().historyLength(), request.seed());
                for (String protocol : spec.protocols()) {
                    report.addValidation(result(protocol, request, data, rows.get(EvaluationResult.CANDIDATE),
                            validation, progress));
                }
            }
            return finish(request, data, champion.withoutLanguageModel(), targets, report, progress, step);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Scores a tiny generative champion as the last row (a language-model one has been scored by then, as only
     * its evaluation can), notes why when there is none, and stores the report.
     */
    static EvaluationResult finish(EvaluateRequest request, PreparedData data, LoadedChampion champion,
                                   EvaluationTargets targets, EvaluationReport report, ProgressListener progress,
                                   StageStep step) {
        EvaluationSpec spec = request.evaluation();
        if (champion.scorable().isPresent()) {
            ModelBundle championBundle = champion.scorable().get();
            step.used(champion.artifact());
            // The same users and targets (the sample depends on the seed only), with the history the
            // champion was trained to read.
            EvaluationTargets championTargets = EvaluationTargets.of(data, spec,
                    championBundle.model().config().historyLength(), request.seed());
            score(request, data, EvaluationResult.CHAMPION, championBundle.recommender(spec.beamSize()),
                    championTargets, progress, report);
        }
        report.champion(champion.note());
        ArtifactRef reportRef = step.write(ArtifactKind.EVAL_REPORT, report.toJson(request.seed()),
                Map.of("protocols", spec.protocols(), "users", targets.users().size(), "seed", request.seed()));
        return new EvaluationResult(reportRef, report.metrics());
    }

    /**
     * The report's rows but the champion's, in order: the candidate, the comparison adapters, the base before
     * fine-tuning (when there was fine-tuning), the sequence encoder, popularity.
     */
    private static Map<String, Recommender> rows(ModelBundle bundle, GenerativeModel base, ComparisonModels comparisons,
                                                 PreparedData data, EvaluationSpec spec) {
        Map<String, Recommender> models = new LinkedHashMap<>();
        models.put(EvaluationResult.CANDIDATE, bundle.recommender(spec.beamSize()));
        models.putAll(comparisons.recommenders(spec.beamSize()));
        if (bundle.model().adapter().isPresent()) {
            models.put("base", base.recommender(null, spec.beamSize()));
        }
        models.put(bundle.encoder().kind(), bundle.encoder());
        models.put("popularity", PopularityRecommender.fit(data.trainSequences(), data.catalog().size()));
        return models;
    }

    /** One row of the report: {@code model} under every configured protocol. */
    static void score(EvaluateRequest request, PreparedData data, String name, Recommender model,
                              EvaluationTargets targets, ProgressListener progress, EvaluationReport report) {
        for (String protocol : request.evaluation().protocols()) {
            report.add(name, result(protocol, request, data, model, targets, progress));
        }
    }

    private static ProtocolResult result(String protocol, EvaluateRequest request, PreparedData data,
                                         Recommender model, EvaluationTargets targets, ProgressListener progress) {
        EvaluationSpec spec = request.evaluation();
        return switch (protocol) {
            case FullRankingProtocol.NAME -> new FullRankingProtocol().evaluate(model, targets.test(), progress);
            case CandidatesProtocol.NAME -> new CandidatesProtocol(spec.candidateCount(),
                    spec.candidateDraws(), request.seed()).evaluate(model, targets.test(), targets.seen(),
                    data.catalog().size(), progress);
            case TemporalGapProtocol.NAME -> new TemporalGapProtocol(request.seed())
                    .evaluate(model, targets.gap(), data.catalog().size(), progress);
            default -> throw new IllegalArgumentException("unknown protocol " + protocol);
        };
    }
}
