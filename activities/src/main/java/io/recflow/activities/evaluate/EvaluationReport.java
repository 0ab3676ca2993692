package io.recflow.activities.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.ml.evaluation.ProtocolResult;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code eval-report} artifact: headline metrics per model ({@code protocol/metric}), every
 * test user's value per model and metric (aligned with {@code users}), and the training loss curves.
 */
final class EvaluationReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> users;
    private final Map<String, List<Double>> lossCurves;
    private final Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    private final Map<String, Map<String, double[]>> perUser = new LinkedHashMap<>();

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

    Map<String, Map<String, Double>> metrics() {
        return metrics;
    }

    byte[] toJson() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("metrics", metrics);
        document.put("users", users);
        document.put("perUser", perUser);
        document.put("lossCurves", lossCurves);
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
