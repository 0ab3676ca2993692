package io.recflow.activities.finetune;

import io.recflow.ml.llara.LlaraTraining;
import io.recflow.ml.llara.PromptTemplate;
import io.recflow.ml.split.Example;
import io.recflow.workflows.spec.TrainingSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** The training spec as a foundation model's fine-tuning settings. */
final class LlmSettings {

    private LlmSettings() {
    }

    /** The spec's instruction, or the data set's (LLaRA words MovieLens and LastFM prompts differently). */
    static PromptTemplate template(TrainingSpec spec, String datasetName) {
        return spec.promptTemplate() != null ? new PromptTemplate(spec.promptTemplate())
                : PromptTemplate.forDataset(datasetName);
    }

    /** LLaRA's recipe around the spec's epochs, batch size, learning rate, seed and checkpoint period. */
    static LlaraTraining training(TrainingSpec spec, long seed) {
        return LlaraTraining.defaults(GenerativeSettings.fineTuning(spec, seed));
    }

    /**
     * At most {@code maxTrainingExamples} of {@code examples} (0: all), drawn with {@code seed} and kept in their
     * order, so the same run always trains on the same sample.
     */
    static List<Example> sample(List<Example> examples, int maxTrainingExamples, long seed) {
        if (maxTrainingExamples == 0 || examples.size() <= maxTrainingExamples) {
            return examples;
        }
        List<Integer> positions = new ArrayList<>(IntStream.range(0, examples.size()).boxed().toList());
        Collections.shuffle(positions, new Random(seed));
        return positions.subList(0, maxTrainingExamples).stream().sorted().map(examples::get).toList();
    }
}
