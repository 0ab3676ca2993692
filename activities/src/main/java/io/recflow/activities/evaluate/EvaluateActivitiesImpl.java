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
import io.recflow.workflows.pipeline.EvaluationSpec;
import io.recflow.workflows.pipeline.Stage;
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
 * same candidate draws (temporal-gap: on the same id/ood examples and popularity-sampled negatives). The report keeps per-user values (for paired comparisons) and the training
 * curves (for plots).
 */
@ApplicationScoped
public class EvaluateActivitiesImpl implements EvaluateActivities {

    @Inject
    StageRunner stages;

    @Override
    public EvaluationResult evaluate(EvaluateRequest request) {
        EvaluationSpec spec = request.evaluation();
        return stages.run(Stage.EVALUATE.id(), "cpu", step -> {
            PreparedData data = PreparedData.read(step, request.dataset(), request.split());
            try (ModelBundle bundle = step.read(request.model(), in -> ModelBundle.read(in, Device.cpu()));
                 GenerativeModel base = bundle.loadBase(Device.cpu());
                 ComparisonModels comparisons = ComparisonModels.read(step, request.comparisons())) {
                int historyLength = bundle.model().config().historyLength();
                List<Example> test = data.testSample(historyLength, spec.maxUsers(), request.seed());
                Map<String, Recommender> models = new LinkedHashMap<>();
                models.put(EvaluationResult.CANDIDATE, bundle.recommender(spec.beamSize()));
                models.putAll(comparisons.recommenders(spec.beamSize()));
                if (bundle.model().adapter().isPresent()) {
                    models.put("base", base.recommender(null, spec.beamSize()));
                }
                models.put(bundle.encoder().kind(), bundle.encoder());
                models.put("popularity", PopularityRecommender.fit(data.trainSequences(), data.catalog().size()));

                HeartbeatProgress progress = new HeartbeatProgress(Activity.getExecutionContext(), "evaluate", null);
                List<Set<Integer>> seen = test.stream().map(e -> data.seen(e.user())).toList();
                // CaseQ's protocol scores the id/ood examples of the temporal-gap split, which has no test
                // examples (the spec never combines it with the test-example protocols): all its users.
                TemporalGapProtocol.Split gap = spec.protocols().contains(TemporalGapProtocol.NAME)
                        ? data.temporalGap(historyLength) : null;
                List<Example> evaluated = gap != null ? gap.inDistribution() : test;
                EvaluationReport report = new EvaluationReport(evaluated.stream().map(Example::user).toList(),
                        bundle.manifest().lossCurves());
                report.adapters(bundle.manifest().training().adapter(), request.comparisons().keySet());
                for (Map.Entry<String, Recommender> model : models.entrySet()) {
                    for (String protocol : spec.protocols()) {
                        ProtocolResult result = switch (protocol) {
                            case FullRankingProtocol.NAME -> new FullRankingProtocol().evaluate(model.getValue(), test,
                                    progress);
                            case CandidatesProtocol.NAME -> new CandidatesProtocol(spec.candidateCount(),
                                    spec.candidateDraws(), request.seed()).evaluate(model.getValue(), test, seen,
                                    data.catalog().size(), progress);
                            case TemporalGapProtocol.NAME -> new TemporalGapProtocol(request.seed())
                                    .evaluate(model.getValue(), gap, data.catalog().size(), progress);
                            default -> throw new IllegalArgumentException("unknown protocol " + protocol);
                        };
                        report.add(model.getKey(), result);
                    }
                }
                ArtifactRef reportRef = step.write(ArtifactKind.EVAL_REPORT, report.toJson(),
                        Map.of("protocols", spec.protocols(), "users", evaluated.size(), "seed", request.seed()));
                return new EvaluationResult(reportRef, report.metrics());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
