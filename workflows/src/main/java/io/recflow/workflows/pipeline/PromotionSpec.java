package io.recflow.workflows.pipeline;

/**
 * The promotion gate against the current champion.
 *
 * @param metric          {@code protocol/metric}, e.g. {@code full-ranking/NDCG@10}
 * @param minGain         minimum absolute gain over the champion's value of {@code metric}
 * @param requireApproval wait for a person's approve/reject signal before moving the alias
 * @param approvalTimeoutSeconds how long to wait for that signal before rejecting
 */
public record PromotionSpec(String metric, Double minGain, Boolean requireApproval, Long approvalTimeoutSeconds) {

    PromotionSpec withDefaults() {
        return new PromotionSpec(metric == null ? "full-ranking/NDCG@10" : metric,
                minGain == null ? 0.0 : minGain,
                requireApproval != null && requireApproval,
                approvalTimeoutSeconds == null ? 7 * 24 * 3600L : approvalTimeoutSeconds);
    }

    void validate(SpecProblems problems, EvaluationSpec evaluation) {
        String protocol = metric.contains("/") ? metric.substring(0, metric.indexOf('/')) : "";
        problems.require(evaluation.protocols().contains(protocol), "promotion.metric",
                "must be 'protocol/metric' with a protocol the evaluation runs " + evaluation.protocols());
        problems.require(approvalTimeoutSeconds >= 1, "promotion.approvalTimeoutSeconds", "must be at least 1");
    }
}
