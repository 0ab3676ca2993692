package io.recflow.activities.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.ml.evaluation.ProtocolResult;
import io.recflow.ml.metrics.PairedBootstrap;
import io.recflow.ml.metrics.PairedComparison;
import io.recflow.workflows.evaluate.EvaluationResult;

import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code eval-report} artifact: headline metrics per model ({@code protocol/metric}), every
 * test user's value per model and metric (aligned with {@code users}), the candidate's training loss
 * curves, the adapter of each fine-tuned row ({@code adapters}), whether the champion was scored as a
 * row ({@code champion}), and the candidate's paired comparison with every other row ({@code paired}).
 */
final class EvaluationReport {

    static final String PER_USER = "perUser";
    static final String CHAMPION = "champion";
    static final String PAIRED = "paired";
    static final String SEED = "seed";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> users;
    private final Map<String, List<Double>> lossCurves;
    private final Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    private final Map<String, Map<String, double[]>> perUser = new LinkedHashMap<>();
    private final Map<String, String> adapters = new LinkedHashMap<>();
    private ChampionScoring champion;

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
     * The candidate's numbers on the validation targets, as the {@code validation} row. Headline metrics only:
     * its per-user values belong to other users than every other row's, so they are not paired with them.
     */
    void addValidation(ProtocolResult result) {
        result.metrics().forEach((metric, value) -> metrics.computeIfAbsent(EvaluationResult.VALIDATION,
                m -> new LinkedHashMap<>()).put(result.protocol() + "/" + metric, value));
    }

    /**
     * Which adapter each fine-tuned row used, so a table can label the candidate as what it is
     * ({@code +moe-lora} is iLoRA) beside its comparisons; the row keeps the name {@code candidate}.
     */
    void adapters(String candidateAdapter, Collection<String> comparisonAdapters) {
        adapters.put(EvaluationResult.CANDIDATE, candidateAdapter);
        comparisonAdapters.forEach(adapter -> adapters.put(EvaluationResult.comparisonRow(adapter), adapter));
    }

    void champion(ChampionScoring note) {
        this.champion = note;
    }

    Map<String, Map<String, Double>> metrics() {
        return metrics;
    }

    byte[] toJson(long seed) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("metrics", metrics);
        document.put("users", users);
        document.put(PER_USER, perUser);
        document.put("lossCurves", lossCurves);
        document.put("adapters", adapters);
        document.put(CHAMPION, champion);
        document.put(PAIRED, paired(seed));
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The candidate minus each other row, per metric with per-user values: mean difference, 95% interval
     * and one-sided p (is the candidate better?), from a paired bootstrap of {@value PairedBootstrap#DEFAULT_SAMPLES}
     * resamples seeded with the run's seed, so the promotion gate recomputes the same numbers when its policy keeps
     * that many resamples (its default); with another {@code bootstrapSamples} its verdict states its own.
     */
    private Map<String, Object> paired(long seed) {
        PairedBootstrap bootstrap = new PairedBootstrap(seed);
        Map<String, Map<String, Map<String, Double>>> candidateVs = new LinkedHashMap<>();
        Map<String, double[]> candidate = perUser.getOrDefault(EvaluationResult.CANDIDATE, Map.of());
        perUser.forEach((model, values) -> {
            if (model.equals(EvaluationResult.CANDIDATE)) {
                return;
            }
            values.forEach((metric, other) -> {
                if (candidate.containsKey(metric)) {
                    candidateVs.computeIfAbsent(model, m -> new LinkedHashMap<>())
                            .put(metric, numbers(bootstrap.compare(candidate.get(metric), other)));
                }
            });
        });
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("method", "paired bootstrap over users");
        section.put("samples", PairedBootstrap.DEFAULT_SAMPLES);
        section.put("confidence", PairedBootstrap.DEFAULT_CONFIDENCE);
        section.put(SEED, seed);
        section.put("candidateVs", candidateVs);
        return section;
    }

    private static Map<String, Double> numbers(PairedComparison comparison) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("difference", comparison.meanDifference());
        numbers.put("low", comparison.low());
        numbers.put("high", comparison.high());
        numbers.put("p", comparison.pValue());
        return numbers;
    }
}
