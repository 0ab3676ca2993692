package io.recflow.workflows.pipeline;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.FineTuneResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the fine-tune stage produced: the candidate, and the comparison models by adapter (in the
 * spec's order), all fine-tuned from the same pre-trained base.
 */
record TrainedModels(FineTuneResult candidate, Map<String, ArtifactRef> comparisons) {

    List<ArtifactRef> artifacts() {
        List<ArtifactRef> all = new ArrayList<>(List.of(candidate.model()));
        all.addAll(comparisons.values());
        return all;
    }

    /** The stage's note: unchanged for a run without comparisons. */
    String summary() {
        String trained = "trained on " + candidate.device();
        return comparisons.isEmpty() ? trained : trained + "; compared with " + String.join(", ", comparisons.keySet());
    }
}
