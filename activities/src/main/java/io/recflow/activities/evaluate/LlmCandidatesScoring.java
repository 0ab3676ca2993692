package io.recflow.activities.evaluate;

import io.recflow.ml.evaluation.CandidatesProtocol;
import io.recflow.ml.evaluation.ProtocolResult;
import io.recflow.ml.llara.CandidateAnswer;
import io.recflow.ml.llara.LlaraScorer;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.split.Example;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code candidates} protocol for a language model, on the draws the other rows get, computed both ways:
 * likelihood ranking ({@code HR@1}, comparable with every other row: always a valid answer) and generation as
 * LLaRA measures it ({@code ValidRatio}, {@code HR@1-valid} = correct / valid, {@code HR@1-generated} =
 * correct / all). Per-user values are means over the draws.
 */
final class LlmCandidatesScoring {

    static final String VALID_RATIO = "ValidRatio";
    static final String HIT_RATIO = "HR@1";
    static final String HIT_RATIO_OF_VALID = "HR@1-valid";
    static final String HIT_RATIO_GENERATED = "HR@1-generated";

    private final CandidatesProtocol protocol;
    private final EvaluationTargets targets;
    private final int itemCount;

    LlmCandidatesScoring(CandidatesProtocol protocol, EvaluationTargets targets, int itemCount) {
        this.protocol = protocol;
        this.targets = targets;
        this.itemCount = itemCount;
    }

    ProtocolResult score(LlaraScorer scorer, ProgressListener progress) {
        List<Example> test = targets.test();
        int draws = protocol.draws();
        double[] ranked = new double[test.size()];
        double[] generated = new double[test.size()];
        double[] valid = new double[test.size()];
        for (int draw = 0; draw < draws; draw++) {
            int[][] candidates = protocol.candidates(test, targets.seen(), itemCount, draw);
            addMean(ranked, CandidateAnswer.hits(scorer.rank(test, candidates)), draws);
            List<CandidateAnswer> answers = scorer.generate(test, candidates);
            addMean(generated, CandidateAnswer.hits(answers), draws);
            addMean(valid, answers.stream().mapToDouble(a -> a.valid() ? 1 : 0).toArray(), draws);
            progress.onProgress(CandidatesProtocol.NAME, draw + 1, draws, (long) (draw + 1) * test.size(),
                    (long) draws * test.size(), Double.NaN);
        }
        Map<String, double[]> perUser = new LinkedHashMap<>();
        perUser.put(HIT_RATIO, ranked);
        perUser.put(HIT_RATIO_GENERATED, generated);
        perUser.put(VALID_RATIO, valid);
        return new ProtocolResult(CandidatesProtocol.NAME, metrics(perUser), targets.users(), perUser);
    }

    /** The headline numbers of {@link #score}'s per-user values; HR@1 of the valid answers pools every draw. */
    private static Map<String, Double> metrics(Map<String, double[]> perUser) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        perUser.forEach((metric, values) -> metrics.put(metric, mean(values)));
        double validAnswers = Arrays.stream(perUser.get(VALID_RATIO)).sum();
        metrics.put(HIT_RATIO_OF_VALID, validAnswers == 0 ? 0
                : Arrays.stream(perUser.get(HIT_RATIO_GENERATED)).sum() / validAnswers);
        return metrics;
    }

    private static void addMean(double[] sums, double[] values, int draws) {
        for (int u = 0; u < sums.length; u++) {
            sums[u] += values[u] / draws;
        }
    }

    private static double mean(double[] values) {
        return values.length == 0 ? 0 : Arrays.stream(values).average().orElse(0);
    }
}
