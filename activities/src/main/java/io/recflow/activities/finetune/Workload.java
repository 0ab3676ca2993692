package io.recflow.activities.finetune;

import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.workflows.spec.TrainingSpec;

import java.util.List;

/**
 * What one training step processes, for throughput: samples per batch, and the item tokens of an
 * average sample (its history and its target, each item {@code levels} tokens, no padding).
 */
record Workload(int batchSize, double tokensPerSample) {

    static Workload of(TrainingSpec spec, List<Example> examples, ItemCodes codes) {
        double items = examples.stream().mapToInt(e -> e.history().length + 1).average().orElse(0);
        return new Workload(spec.batchSize(), items * codes.levels());
    }
}
