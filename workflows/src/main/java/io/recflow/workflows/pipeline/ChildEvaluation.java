package io.recflow.workflows.pipeline;

import java.util.Map;

/** What a child pipeline's evaluation measured, by row ({@code candidate}, {@code validation}, baselines). */
public record ChildEvaluation(String runId, Map<String, Map<String, Double>> metrics) {
}
