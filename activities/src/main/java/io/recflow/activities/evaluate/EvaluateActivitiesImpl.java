package io.recflow.activities.evaluate;

import ai.djl.Device;
import io.recflow.activities.data.PreparedData;
import io.recflow.activities.model.ModelBundle;
import io.recflow.activities.stage.HeartbeatProgress;
import io.recflow.activities.stage.StageRunner;
import io.recflow.activities.stage.StageStep;
import io.recflow.ml.evaluation.CandidatesProtocol;
import io.recflow.ml.evaluation.FullRankingProtocol;
import io.recflow.ml.evaluation.ProtocolResult;
import io.recflow.ml.evaluation.TemporalGapProtocol;
import io.recflow.ml.generative.GenerativeModel;
import io.recflow.ml.recommend.PopularityRecommender;
import io.recflow.ml.recommend.Recommender;
import io.recflow.ml.split.Example;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.evaluate.EvaluateActivities;
import io.recflow.workflows.evaluate.EvaluateRequest;
import io.recflow.workflows.evaluate.EvaluationResult;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.spec.EvaluationSpec;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage 4: every configured protocol, for the candidate and its baselines — the pre-trained base
 * before fine-tuning, the sequence encoder on its own (SASRec or CaseQ), and popularity — on the same test users and the
 * same candidate draws (temporal-gap: on the same id/ood examples and popularity-sampled negatives). The
 * model's champion joins them as the {@code champion} row when it was trained on the same data set (so
 * its test users are these), which lets promotion compare the two user by user. The report keeps
 * per-user values, the candidate's paired comparisons with every row and the training curves (for plots).
 */
@ApplicationScoped
public class EvaluateActivitiesImpl implements EvaluateActivities {

    @Inject
    StageRunner stages;
    @Inject
    ChampionLookup champions;

    @Override
    public EvaluationResult evaluate(EvaluateRequest request) {
        EvaluationSpec spec = request.evaluation();
        return stages.run(Stage.EVALUATE.id(), "cpu", step -> {
            PreparedData data = PreparedData.read(step, request.dataset(), request.split());
            try (ModelBundle bundle = step.read(request.model(), in -> ModelBundle.read(in, Device.cpu()));
                 GenerativeModel base = bundle.loadBase(Device.cpu());
                 ComparisonModels comparisons = ComparisonModels.read(step, request.comparisons());
                 LoadedChampion champion = champions.load(request.modelName(), request.dataset())) {
                int historyLength = bundle.model().config().historyLength();
                Map<String, Recommender> models = new LinkedHashMap<>();
                models.put(EvaluationResult.CANDIDATE, bundle.recommender(spec.beamSize()));
                models.putAll(comparisons.recommenders(spec.beamSize()));
                if (bundle.model().adapter().isPresent()) {
                    models.put("base", base.recommender(null, spec.beamSize()));
                }
                models.put(bundle.encoder().kind(), bundle.encoder());
                models.put("popularity", PopularityRecommender.fit(data.trainSequences(), data.catalog().size()));

                HeartbeatProgress progress = new HeartbeatProgress(Activity.getExecutionContext(), "evaluate", null);
                Targets targets = Targets.of(data, spec, historyLength, request.seed());
                EvaluationReport report = new EvaluationReport(targets.users(), bundle.manifest().lossCurves());
                report.adapters(bundle.manifest().training().adapter(), request.comparisons().keySet());
                for (Map.Entry<String, Recommender> model : models.entrySet()) {
                    score(request, data, model.getKey(), model.getValue(), targets, progress, report);
                }
                if (champion.scorable().isPresent()) {
                    ModelBundle championBundle = champion.scorable().get();
                    step.used(champion.artifact());
                    // The same users and targets (the sample depends on the seed only), with the history the
                    // champion was trained to read.
                    Targets championTargets = Targets.of(data, spec,
                            championBundle.model().config().historyLength(), request.seed());
                    score(request, data, EvaluationResult.CHAMPION, championBundle.recommender(spec.beamSize()),
                            championTargets, progress, report);
                }
                report.champion(champion.note());
                ArtifactRef reportRef = step.write(ArtifactKind.EVAL_REPORT, report.toJson(request.seed()),
                        Map.of("protocols", spec.protocols(), "users", targets.users().size(), "seed", request.seed()));
                return new EvaluationResult(reportRef, report.metrics());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** One row of the report: {@code model} under every configured protocol. */
    private static void score(EvaluateRequest request, PreparedData data, String name, Recommender model,
                              Targets targets, HeartbeatProgress progress, EvaluationReport report) {
        EvaluationSpec spec = request.evaluation();
        for (String protocol : spec.protocols()) {
            ProtocolResult result = switch (protocol) {
                case FullRankingProtocol.NAME -> new FullRankingProtocol().evaluate(model, targets.test(), progress);
                case CandidatesProtocol.NAME -> new CandidatesProtocol(spec.candidateCount(),
                        spec.candidateDraws(), request.seed()).evaluate(model, targets.test(), targets.seen(),
                        data.catalog().size(), progress);
                case TemporalGapProtocol.NAME -> new TemporalGapProtocol(request.seed())
                        .evaluate(model, targets.gap(), data.catalog().size(), progress);
                default -> throw new IllegalArgumentException("unknown protocol " + protocol);
            };
            report.add(name, result);
        }
    }

    /**
     * What a model is scored on, with the history it reads: the sampled test examples (and each user's
     * seen items), or — for CaseQ's protocol — the id/ood examples of the temporal-gap split, which has
     * no test examples (the spec never combines the two): all its users.
     */
    private record Targets(List<Example> test, List<Set<Integer>> seen, TemporalGapProtocol.Split gap) {

        static Targets of(PreparedData data, EvaluationSpec spec, int historyLength, long seed) {
            List<Example> test = data.testSample(historyLength, spec.maxUsers(), seed);
            TemporalGapProtocol.Split gap = spec.protocols().contains(TemporalGapProtocol.NAME)
                    ? data.temporalGap(historyLength) : null;
            return new Targets(test, test.stream().map(e -> data.seen(e.user())).toList(), gap);
        }

        /** The users of the report's per-user values, in order. */
        List<String> users() {
            return (gap != null ? gap.inDistribution() : test).stream().map(Example::user).toList();
        }
    }
}
