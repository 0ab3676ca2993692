package io.recflow.activities.finetune;

import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.train.TrainingState;
import io.recflow.workflows.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class TrainingMeasurementsTest {

    /** 8 samples a step, 3 items of 2 tokens each a sample. */
    private static final Workload WORKLOAD = new Workload(8, 6);

    @Test
    void aPhaseRecordsItsLastEpochsLossItsStepsAndItsPerEpochCurve() {
        TrainingMeasurements measurements = new TrainingMeasurements(WORKLOAD);

        measurements.record("finetune", state("finetune", 2, 2, 3, 1, 2, 2), null, 1.0);

        assertEquals(2.0, measurements.metrics().get("finetuneLoss"));
        assertEquals(4.0, measurements.metrics().get("finetuneSteps"));
        assertEquals(Map.of("finetune", List.of(2.0, 2.0)), measurements.curves());
    }

    @Test
    void throughputCountsOnlyTheStepsOfThisAttempt() {
        TrainingMeasurements measurements = new TrainingMeasurements(WORKLOAD);
        TrainingState resumedFrom = state("finetune", 2, 2, 3, 1);

        measurements.record("finetune", state("finetune", 2, 2, 3, 1, 2, 2), resumedFrom, 2.0);

        // 2 steps of 8 samples in 2 seconds; 6 tokens a sample.
        assertEquals(8.0, measurements.reported().get("finetuneSamplesPerSecond"));
        assertEquals(48.0, measurements.reported().get("finetuneTokensPerSecond"));
        assertFalse(measurements.metrics().containsKey("finetuneSamplesPerSecond"),
                "throughput differs between runs, so it stays out of the model's bytes");
    }

    @Test
    void anAttemptThatResumesAfterPreTrainingReportsWhatPreTrainingMeasured() {
        TrainingMeasurements pretrained = new TrainingMeasurements(WORKLOAD);
        pretrained.record("pretrain", state("pretrain", 1, 2, 4, 2), null, 1.0);

        TrainingMeasurements resumed = new TrainingMeasurements(WORKLOAD);
        resumed.restorePretraining(pretrained.pretraining());

        assertEquals(pretrained.metrics(), resumed.metrics());
        assertEquals(pretrained.curves(), resumed.curves());
    }

    @Test
    void aSampleIsItsHistoryAndTargetAtEveryLevelsTokens() {
        ItemCodes twoLevels = new ItemCodes(new int[][]{{0, 0}, {0, 1}, {1, 0}}, new int[]{2, 2}, List.of("a", "b"));
        List<Example> examples = List.of(new Example("u", new int[]{0}, 1), new Example("u", new int[]{0, 1}, 2));

        Workload workload = Workload.of(TrainingSpec.builder().batchSize(16).build(), examples, twoLevels);

        assertEquals(new Workload(16, 5.0), workload);
    }

    /** A phase with {@code stepsPerEpoch} steps an epoch and the given losses so far. */
    private static TrainingState state(String phase, int epochs, int stepsPerEpoch, float... losses) {
        int steps = losses.length;
        return new TrainingState(phase, steps / stepsPerEpoch, steps % stepsPerEpoch, stepsPerEpoch,
                (long) epochs * stepsPerEpoch, losses, List.of(), null);
    }
}
