package io.recflow.activities.finetune;

import ai.djl.Device;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.TrainingProgress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TrainingAttemptTest {

    private static final ArtifactRef BASE = new ArtifactRef("s3://a/base", "0".repeat(64), 1, ArtifactKind.CHECKPOINT);
    private static final ArtifactRef CHECKPOINT = new ArtifactRef("s3://a/ckpt", "1".repeat(64), 1,
            ArtifactKind.CHECKPOINT);

    @Test
    void aCheckpointResumesOnlyThePhaseItWasWrittenIn() {
        TrainingAttempt attempt = resumedFrom(new TrainingProgress("pretrain", 3, 10, 30, 100, 1.2, null, CHECKPOINT));

        assertEquals(CHECKPOINT, attempt.checkpointOf("pretrain"));
        assertNull(attempt.checkpointOf("finetune"));
    }

    @Test
    void theStoredBaseIsKeptWhenFineTuningHadNoCheckpointYet() {
        TrainingAttempt attempt = resumedFrom(new TrainingProgress("finetune", 0, 5, 2, 50, 0.9, BASE, null));

        assertEquals(BASE, attempt.resumedBase());
        assertNull(attempt.checkpointOf("finetune"));
    }

    @Test
    void aFirstAttemptResumesNothing() {
        TrainingAttempt attempt = resumedFrom(null);

        assertNull(attempt.resumedBase());
        assertNull(attempt.checkpointOf("pretrain"));
        assertNull(attempt.checkpointOf("finetune"));
    }

    private static TrainingAttempt resumedFrom(TrainingProgress lastBeat) {
        return new TrainingAttempt(Device.cpu(), "cpu", lastBeat, null);
    }
}
