package io.recflow.workflows.pipeline;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.FineTuneResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fine-tune stage produced: the candidate, and the comparison models by adapter (in the
 * spec's order), all fine-tuned from the same pre-trained base.
 */
record TrainedModels(FineTuneResult candidate, Map<String, FineTuneResult> comparisons) {

    List<ArtifactRef> artifacts() {
        List<ArtifactRef> all = new ArrayList<>(List.of(candidate.model()));
        all.addAll(comparisonModels().values());
        return all;
    }

    /** The comparison models by adapter, as evaluate scores them. */
    Map<String, ArtifactRef> comparisonModels() {
        Map<String, ArtifactRef> models = new LinkedHashMap<>();
        comparisons.forEach((adapter, result) -> models.put(adapter, result.model()));
        return models;
    }

    /** How training went: the candidate's numbers, then each comparison's as {@code <adapter>/<metric>}. */
    Map<String, Double> metrics() {
        Map<String, Double> all = new LinkedHashMap<>(candidate.metrics());
        comparisons.forEach((adapter, result) ->
                result.metrics().forEach((metric, value) -> all.put(adapter + "/" + metric, value)));
        return all;
    }

    /** The stage's note: unchanged for a run without comparisons. */
    String summary() {
        String trained = "trained on " + candidate.device();
        return comparisons.isEmpty() ? trained : trained + "; compared with " + String.join(", ", comparisons.keySet());
    }
}
