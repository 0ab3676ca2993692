package io.recflow.workflows.pipeline;

import java.util.List;

/**
 * The promotion gate against the current champion.
 *
 * @param metric          {@code protocol/metric}, e.g. {@code full-ranking/NDCG@10} (the default, or
 *                        {@code temporal-gap/NDCG@10-ood} when temporal-gap is the only protocol)
 * @param minGain         minimum absolute gain over the champion's value of {@code metric}
 * @param requireApproval wait for a person's approve/reject signal before moving the alias
 * @param approvalTimeoutSeconds how long to wait for that signal before rejecting
 */
public record PromotionSpec(String metric, Double minGain, Boolean requireApproval, Long approvalTimeoutSeconds) {

    /** @param evaluation the evaluation with its defaults: the default metric is one it reports */
    PromotionSpec withDefaults(EvaluationSpec evaluation) {
        return new PromotionSpec(metric == null ? defaultMetric(evaluation) : metric,
                minGain == null ? 0.0 : minGain,
                requireApproval != null && requireApproval,
                approvalTimeoutSeconds == null ? 7 * 24 * 3600L : approvalTimeoutSeconds);
    }

    /**
     * {@code full-ranking/NDCG@10}; when only CaseQ's protocol runs, its out-of-distribution NDCG@10 (what
     * that protocol is about).
     */
    private static String defaultMetric(EvaluationSpec evaluation) {
        return evaluation.protocols().equals(List.of(EvaluationSpec.TEMPORAL_GAP))
                ? EvaluationSpec.TEMPORAL_GAP + "/NDCG@10-ood" : "full-ranking/NDCG@10";
    }

    void validate(SpecProblems problems, EvaluationSpec evaluation) {
        String protocol = metric.contains("/") ? metric.substring(0, metric.indexOf('/')) : "";
        problems.require(evaluation.protocols().contains(protocol), "promotion.metric",
                "must be 'protocol/metric' with a protocol the evaluation runs " + evaluation.protocols());
        problems.require(approvalTimeoutSeconds >= 1, "promotion.approvalTimeoutSeconds", "must be at least 1");
    }
}
