package io.recflow.ml.generative;

import ai.djl.Device;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackboneDropoutTest {

    private static final ItemCodes CODES = Fixtures.codes(30, 5);
    private static final List<Example> EXAMPLES = Fixtures.successors(30, 4, 1);
    private static final TrainConfig PRETRAINING = new TrainConfig(3, 16, 3e-3, 0.05, 7, 4);
    private static final double RATE = 0.3;

    private static GenerativeModel fresh() {
        return GenerativeModel.create(CODES, Fixtures.backbone(), 1, Device.cpu());
    }

    @Test
    void dropoutChangesTrainingAndRepeatsWithTheSeed() {
        try (GenerativeModel plain = fresh(); GenerativeModel a = fresh(); GenerativeModel b = fresh()) {
            float[] without = plain.pretrain(EXAMPLES, PRETRAINING, 0, null, TrainingHooks.NONE).losses();
            float[] first = a.pretrain(EXAMPLES, PRETRAINING, RATE, null, TrainingHooks.NONE).losses();
            float[] second = b.pretrain(EXAMPLES, PRETRAINING, RATE, null, TrainingHooks.NONE).losses();
            assertArrayEquals(first, second, "the same seed draws the same masks");
            assertArrayEquals(Fixtures.allValues(a), Fixtures.allValues(b));
            assertFalse(Arrays.equals(without, first), "dropout reached the training passes");
            assertEquals(without[0], first[0], 0.5, "the first step's loss is of the same size with and without");
        }
    }

    @Test
    void aRateOfZeroTrainsExactlyAsWithoutDropout() {
        try (GenerativeModel a = fresh(); GenerativeModel b = fresh()) {
            float[] without = a.pretrain(EXAMPLES, PRETRAINING, null, TrainingHooks.NONE).losses();
            assertArrayEquals(without, b.pretrain(EXAMPLES, PRETRAINING, 0, null, TrainingHooks.NONE).losses());
            assertArrayEquals(Fixtures.allValues(a), Fixtures.allValues(b));
        }
    }

    /** Masks are seeded by step and pass, not drawn from a stream that a restart would rewind. */
    @Test
    void aResumedRunDrawsTheMasksTheUninterruptedOneDid() throws IOException {
        float[] expectedLosses;
        float[] expectedValues;
        try (GenerativeModel model = fresh()) {
            expectedLosses = model.pretrain(EXAMPLES, PRETRAINING, RATE, null, TrainingHooks.NONE).losses();
            expectedValues = Fixtures.allValues(model);
        }
        List<byte[]> checkpoints = new ArrayList<>();
        try (GenerativeModel model = fresh()) {
            assertThrows(IllegalStateException.class, () -> model.pretrain(EXAMPLES, PRETRAINING, RATE, null,
                    Fixtures.dyingAtCheckpoint(checkpoints, 2)));
        }
        TrainingState checkpoint = TrainingState.readFrom(new ByteArrayInputStream(checkpoints.get(1)));
        assertTrue(checkpoint.step() > 0 && checkpoint.step() < expectedLosses.length);
        try (GenerativeModel model = fresh()) {
            TrainingState resumed = model.pretrain(EXAMPLES, PRETRAINING, RATE, checkpoint, TrainingHooks.NONE);
            assertArrayEquals(expectedLosses, resumed.losses());
            assertArrayEquals(expectedValues, Fixtures.allValues(model));
        }
    }
}
