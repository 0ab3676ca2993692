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
    /** The generation batch: users scored between two progress reports. */
    private static final int USERS_PER_REPORT = 4;

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
            // A few users at a time, with progress after each: a language model takes seconds per user, and the
            // activity's heartbeat must not wait for a whole draw.
            for (int from = 0; from < test.size(); from += USERS_PER_REPORT) {
                int to = Math.min(test.size(), from + USERS_PER_REPORT);
                List<Example> users = test.subList(from, to);
                int[][] shown = Arrays.copyOfRange(candidates, from, to);
                addMean(ranked, from, CandidateAnswer.hits(scorer.rank(users, shown)), draws);
                List<CandidateAnswer> answers = scorer.generate(users, shown);
                addMean(generated, from, CandidateAnswer.hits(answers), draws);
                addMean(valid, from, answers.stream().mapToDouble(a -> a.valid() ? 1 : 0).toArray(), draws);
                progress.onProgress(CandidatesProtocol.NAME, draw + 1, draws, (long) draw * test.size() + to,
                        (long) draws * test.size(), Double.NaN);
            }
        }
        Map<String, double[]> perUser = new LinkedHashMap<>();
        perUser.put(HIT_RATIO, ranked);
        perUser.put(HIT_RATIO_GENERATED, generated);
        perUser.put(VALID_RATIO, valid);
        // The means, and LLaRA's HR@1 of the valid answers pooled over every draw (not a mean of per-user ratios).
        Map<String, Double> metrics = new LinkedHashMap<>(
                ProtocolResult.ofMeans(CandidatesProtocol.NAME, targets.users(), perUser).metrics());
        double validAnswers = Arrays.stream(valid).sum();
        metrics.put(HIT_RATIO_OF_VALID, validAnswers == 0 ? 0 : Arrays.stream(generated).sum() / validAnswers);
        return new ProtocolResult(CandidatesProtocol.NAME, metrics, targets.users(), perUser);
    }

    /** Adds {@code values} (users from {@code offset} on) to their per-user means over the draws. */
    private static void addMean(double[] sums, int offset, double[] values, int draws) {
        for (int u = 0; u < values.length; u++) {
            sums[offset + u] += values[u] / draws;
        }
    }
}
