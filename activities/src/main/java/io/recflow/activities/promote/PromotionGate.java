package io.recflow.activities.promote;

import io.recflow.activities.evaluate.ReportedScores;
import io.recflow.activities.input.BadInputException;
import io.recflow.ml.metrics.PairedBootstrap;
import io.recflow.ml.metrics.PairedComparison;
import io.recflow.workflows.evaluate.EvaluationResult;
import io.recflow.workflows.spec.PromotionSpec;
import io.recflow.workflows.promote.ModelVersionRef;
import io.recflow.workflows.promote.PromotionVerdict;
import io.recflow.workflows.promote.RegisterRequest;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The promotion policy. With a champion scored on the same users in the candidate's evaluation, a paired
 * bootstrap on the policy metric's per-user values decides: the mean gain must reach {@code minGain} and
 * be significant ({@code p < significance}). Without one (or with the test turned off) the candidate's
 * headline value is compared with the value the champion recorded on its own evaluation, which may have
 * used other users; the reason says which comparison was made and why.
 */
final class PromotionGate {

    /** The version holding the champion alias at promotion time, and the metrics it was registered with. */
    record Champion(ModelVersionRef version, Map<String, Object> metrics) {
    }

    private PromotionGate() {
    }

    /**
     * The candidate's value of the policy's metric; bad input when the evaluation did not measure it, which
     * the stage checks before it registers anything.
     */
    static double measured(PromotionSpec policy, RegisterRequest request) {
        Double value = request.metrics().get(policy.metric());
        if (value == null) {
            throw new BadInputException(null, 0, "promotion.metric", "'" + policy.metric()
                    + "' was not measured; the evaluation measured " + request.metrics().keySet());
        }
        return value;
    }

    static PromotionVerdict judge(PromotionSpec policy, RegisterRequest request, ModelVersionRef candidate,
                                  Optional<Champion> champion, ReportedScores report) {
        double value = measured(policy, request);
        if (champion.isEmpty()) {
            return new PromotionVerdict(candidate, null, true, value, null,
                    String.format("first version of %s: %s %.4f", request.model(), policy.metric(), value));
        }
        ModelVersionRef current = champion.get().version();
        if (current.equals(candidate)) {
            // The same spec and seed trained the same bytes, which the registry knows as the champion's version.
            return new PromotionVerdict(candidate, current, false, value, value, String.format(
                    "%s is the champion already: this run trained the very same model", candidate));
        }
        Map<String, Object> recorded = champion.get().metrics();
        if (!policy.testsSignificance()) {
            return headline(policy, candidate, value, current, recorded, "significance test off");
        }
        Optional<String> unpaired = whyNotPaired(policy.metric(), current, report);
        if (unpaired.isPresent()) {
            return headline(policy, candidate, value, current, recorded, "no paired comparison: " + unpaired.get());
        }
        return paired(policy, candidate, current, report.perUser(EvaluationResult.CANDIDATE, policy.metric()).get(),
                report.perUser(EvaluationResult.CHAMPION, policy.metric()).get(), report.pairedSeed());
    }

    /** Why the report cannot pair the candidate with the current champion user by user, if it cannot. */
    private static Optional<String> whyNotPaired(String metric, ModelVersionRef current, ReportedScores report) {
        Optional<Integer> scored = report.championVersion();
        if (scored.isEmpty()) {
            return Optional.of(report.championNotScoredBecause());
        }
        if (scored.get() != current.version()) {
            return Optional.of("the evaluation scored champion version " + scored.get() + ", the champion is now "
                    + current);
        }
        Optional<double[]> candidateValues = report.perUser(EvaluationResult.CANDIDATE, metric);
        Optional<double[]> championValues = report.perUser(EvaluationResult.CHAMPION, metric);
        if (candidateValues.isEmpty() || championValues.isEmpty()) {
            return Optional.of("the report has no per-user " + metric + " for both rows");
        }
        if (candidateValues.get().length != championValues.get().length) {
            return Optional.of("the rows score different numbers of users (" + candidateValues.get().length + " vs "
                    + championValues.get().length + ")");
        }
        return Optional.empty();
    }

    private static PromotionVerdict paired(PromotionSpec policy, ModelVersionRef candidate, ModelVersionRef current,
                                           double[] candidateValues, double[] championValues, long seed) {
        PairedComparison gain = new PairedBootstrap(policy.bootstrapSamples(), PairedBootstrap.DEFAULT_CONFIDENCE,
                seed).compare(candidateValues, championValues);
        boolean bigEnough = gain.meanDifference() >= policy.minGain();
        boolean significant = gain.pValue() < policy.significance();
        String outcome = bigEnough && significant ? "promote"
                : !bigEnough ? "keep the champion (gain below the minimum)"
                : "keep the champion (not significant)";
        double candidateMean = mean(candidateValues);
        double championMean = mean(championValues);
        return new PromotionVerdict(candidate, current, bigEnough && significant, candidateMean, championMean,
                String.format("%s on the same %d users: %.4f vs champion %s %.4f, gain %+.4f (%.0f%% CI %+.4f..%+.4f,"
                                + " p = %.4f over %d resamples; minimum gain %.4f, alpha %.3f): %s",
                        policy.metric(), gain.users(), candidateMean, current, championMean, gain.meanDifference(),
                        gain.confidence() * 100, gain.low(), gain.high(), gain.pValue(), gain.samples(),
                        policy.minGain(), policy.significance(), outcome));
    }

    /** Today's comparison with the champion's own recorded headline value; {@code why} says why it is used. */
    private static PromotionVerdict headline(PromotionSpec policy, ModelVersionRef candidate, double value,
                                             ModelVersionRef current, Map<String, Object> championMetrics,
                                             String why) {
        Object recorded = championMetrics.get(policy.metric());
        if (recorded == null) {
            return new PromotionVerdict(candidate, current, true, value, null, String.format(
                    "%s; champion %s has no %s to compare with; candidate %.4f", why, current, policy.metric(),
                    value));
        }
        double championValue = ((Number) recorded).doubleValue();
        boolean passes = value >= championValue + policy.minGain();
        return new PromotionVerdict(candidate, current, passes, value, championValue, String.format(
                "%s; headline %s %.4f vs champion %s %.4f on its own evaluation (minimum gain %.4f): %s", why,
                policy.metric(), value, current, championValue, policy.minGain(),
                passes ? "promote" : "keep the champion"));
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }
}
