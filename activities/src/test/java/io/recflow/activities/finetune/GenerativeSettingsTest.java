package io.recflow.activities.finetune;

import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.train.TrainConfig;
import io.recflow.workflows.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GenerativeSettingsTest {

    private static final TrainingSpec SPEC = TrainingSpec.builder().pretrainEpochs(10).pretrainLearningRate(1e-3)
            .fineTuneEpochs(5).learningRate(5e-4).batchSize(64).checkpointEvery(50).adapter("moe-lora").experts(4)
            .rank(8).alpha(32.0).hiddenSize(64).layers(2).historyLength(20).build();

    @Test
    void eachPhaseTrainsWithItsOwnEpochsAndLearningRate() {
        TrainConfig pretraining = GenerativeSettings.pretraining(SPEC, 7);
        TrainConfig fineTuning = GenerativeSettings.fineTuning(SPEC, 7);

        assertEquals(10, pretraining.epochs());
        assertEquals(1e-3, pretraining.learningRate());
        assertEquals(5, fineTuning.epochs());
        assertEquals(5e-4, fineTuning.learningRate());
        for (TrainConfig phase : new TrainConfig[]{pretraining, fineTuning}) {
            assertEquals(64, phase.batchSize());
            assertEquals(7, phase.seed());
        }
    }

    @Test
    void theAdapterIsGatedByTheEncodersRepresentation() {
        AdapterConfig adapter = GenerativeSettings.adapter(SPEC, 32);

        assertEquals(AdapterConfig.Kind.MOE_LORA, adapter.kind());
        assertEquals(4, adapter.experts());
        assertEquals(8, adapter.rank());
        assertEquals(32, adapter.gateInputDim());
    }

    @Test
    void theBackboneHasTheSpecsSizeAndHistory() {
        assertEquals(64, GenerativeSettings.backbone(SPEC).hidden());
        assertEquals(2, GenerativeSettings.backbone(SPEC).layers());
        assertEquals(20, GenerativeSettings.backbone(SPEC).historyLength());
    }
}
