package io.recflow.workflows.spec;

import lombok.Builder;
import lombok.extern.jackson.Jacksonized;

import java.util.List;

/**
 * The promotion gate against the current champion.
 *
 * <p>When the evaluation scored the champion on the same test users as the candidate, the gate is a
 * paired bootstrap on the per-user values of {@code metric}: promote only when the mean gain is at
 * least {@code minGain} and its one-sided p-value is below {@code significance}. Otherwise (no champion
 * row, the champion moved since, no per-user values) it compares the headline value with the one the
 * champion recorded on its own evaluation, and the verdict says so.
 *
 * @param metric           {@code protocol/metric}, e.g. {@code full-ranking/NDCG@10} (the default, or
 *                         {@code temporal-gap/NDCG@10-ood} when temporal-gap is the only protocol)
 * @param minGain          minimum absolute gain over the champion's value of {@code metric}
 * @param requireApproval  wait for a person's approve/reject signal before moving the alias
 * @param approvalTimeoutSeconds how long to wait for that signal before rejecting
 * @param significance     the test's alpha: promote only when p &lt; alpha (default 0.05); 0 turns the
 *                         test off (the gain alone decides, and an equal candidate is promoted)
 * @param bootstrapSamples resamples of the paired bootstrap (default 2000; p resolves 1 / samples)
 */
@Builder(toBuilder = true)
@Jacksonized
public record PromotionSpec(String metric, Double minGain, Boolean requireApproval, Long approvalTimeoutSeconds,
                            Double significance, Integer bootstrapSamples) {

    public static final double DEFAULT_SIGNIFICANCE = 0.05;
    public static final int DEFAULT_BOOTSTRAP_SAMPLES = 2000;
    public static final String LANGUAGE_MODEL_METRIC = "candidates/HR@1";

    /**
     * @param evaluation the evaluation with its defaults: the default metric is one it reports
     * @param training   the training with its defaults: a foundation-model candidate defaults to
     *                   {@value #LANGUAGE_MODEL_METRIC} (its likelihood ranking, valid for every user)
     */
    PromotionSpec withDefaults(EvaluationSpec evaluation, TrainingSpec training) {
        String defaultMetric = training.isLanguageModel() ? LANGUAGE_MODEL_METRIC : defaultMetric(evaluation);
        return new PromotionSpec(metric == null ? defaultMetric : metric,
                minGain == null ? 0.0 : minGain,
                requireApproval != null && requireApproval,
                approvalTimeoutSeconds == null ? 7 * 24 * 3600L : approvalTimeoutSeconds,
                significance == null ? DEFAULT_SIGNIFICANCE : significance,
                bootstrapSamples == null ? DEFAULT_BOOTSTRAP_SAMPLES : bootstrapSamples);
    }

    /** Whether the gate asks for a significant gain (alpha above 0). */
    public boolean testsSignificance() {
        return significance != null && significance > 0;
    }

    /**
     * {@code full-ranking/NDCG@10}; when only CaseQ's protocol runs, its out-of-distribution NDCG@10 (what
     * that protocol is about).
     */
    private static String defaultMetric(EvaluationSpec evaluation) {
        return evaluation.protocols().equals(List.of(EvaluationSpec.TEMPORAL_GAP))
                ? EvaluationSpec.TEMPORAL_GAP + "/NDCG@10-ood" : "full-ranking/NDCG@10";
    }

    void validate(SpecProblems problems, EvaluationSpec evaluation, boolean languageModel) {
        String metricProblem = evaluation.metricProblem(metric, EvaluationSpec.PROTOCOLS, languageModel);
        problems.require(metricProblem == null, "promotion.metric", metricProblem);
        problems.require(approvalTimeoutSeconds >= 1, "promotion.approvalTimeoutSeconds", "must be at least 1");
        problems.require(significance >= 0 && significance <= 0.5, "promotion.significance",
                "must be in 0..0.5 (the test's alpha, e.g. 0.05; 0 turns the test off)");
        problems.require(bootstrapSamples >= 100 && bootstrapSamples <= 100_000, "promotion.bootstrapSamples",
                "must be in 100..100000");
    }
}
