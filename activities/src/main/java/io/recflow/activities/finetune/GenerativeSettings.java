package io.recflow.activities.finetune;

import io.recflow.ml.generative.BackboneConfig;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.train.TrainConfig;
import io.recflow.workflows.spec.TrainingSpec;

/** The training spec's numbers as the generative model's configs. */
final class GenerativeSettings {

    private GenerativeSettings() {
    }

    static BackboneConfig backbone(TrainingSpec spec) {
        return new BackboneConfig(spec.hiddenSize(), spec.layers(), BackboneConfig.defaults().heads(),
                spec.historyLength(), BackboneConfig.defaults().ffnMultiplier());
    }

    /** The adapter, its gate reading the sequence encoder's representation ({@code gateInputDim} wide). */
    static AdapterConfig adapter(TrainingSpec spec, int gateInputDim) {
        return new AdapterConfig(AdapterConfig.Kind.fromSpec(spec.adapter()), spec.experts(), spec.rank(),
                spec.alpha(), gateInputDim, AdapterConfig.DEFAULT_GATE_LEARNING_RATE_SCALE);
    }

    static TrainConfig pretraining(TrainingSpec spec, long seed) {
        return config(spec, spec.pretrainEpochs(), spec.pretrainLearningRate(), seed);
    }

    static TrainConfig fineTuning(TrainingSpec spec, long seed) {
        return config(spec, spec.fineTuneEpochs(), spec.learningRate(), seed);
    }

    private static TrainConfig config(TrainingSpec spec, int epochs, double learningRate, long seed) {
        return new TrainConfig(epochs, spec.batchSize(), learningRate, TrainConfig.DEFAULT_WARMUP_FRACTION, seed,
                spec.checkpointEvery());
    }
}
