package io.recflow.activities.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.ml.evaluation.ProtocolResult;
import io.recflow.workflows.evaluate.EvaluationResult;

import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code eval-report} artifact: headline metrics per model ({@code protocol/metric}), every
 * test user's value per model and metric (aligned with {@code users}), the candidate's training loss
 * curves, and the adapter of each fine-tuned row ({@code adapters}).
 */
final class EvaluationReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> users;
    private final Map<String, List<Double>> lossCurves;
    private final Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    private final Map<String, Map<String, double[]>> perUser = new LinkedHashMap<>();
    private final Map<String, String> adapters = new LinkedHashMap<>();

    EvaluationReport(List<String> users, Map<String, List<Double>> lossCurves) {
        this.users = users;
        this.lossCurves = lossCurves;
    }

    void add(String model, ProtocolResult result) {
        result.metrics().forEach((metric, value) ->
                metrics.computeIfAbsent(model, m -> new LinkedHashMap<>()).put(result.protocol() + "/" + metric, value));
        result.perUser().forEach((metric, values) ->
                perUser.computeIfAbsent(model, m -> new LinkedHashMap<>()).put(result.protocol() + "/" + metric, values));
    }

    /**
     * Which adapter each fine-tuned row used, so a table can label the candidate as what it is
     * ({@code +moe-lora} is iLoRA) beside its comparisons; the row keeps the name {@code candidate}.
     */
    void adapters(String candidateAdapter, Collection<String> comparisonAdapters) {
        adapters.put(EvaluationResult.CANDIDATE, candidateAdapter);
        comparisonAdapters.forEach(adapter -> adapters.put(EvaluationResult.comparisonRow(adapter), adapter));
    }

    Map<String, Map<String, Double>> metrics() {
        return metrics;
    }

    byte[] toJson() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("metrics", metrics);
        document.put("users", users);
        document.put("perUser", perUser);
        document.put("lossCurves", lossCurves);
        document.put("adapters", adapters);
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
