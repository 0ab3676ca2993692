package io.recflow.activities.finetune;

import ai.djl.Device;
import io.recflow.activities.stage.HeartbeatProgress;
import io.recflow.activities.stage.StageStep;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingState;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.TrainingProgress;

import java.util.Map;

/**
 * One attempt of a training activity as the training sees it: the device it runs on, what an earlier
 * attempt of the same activity left to resume from (its last heartbeat, {@code null} on a first attempt),
 * and where progress and new checkpoints are reported so that a later attempt can resume in turn.
 */
public record TrainingAttempt(Device device, String deviceName, TrainingProgress resumed,
                              HeartbeatProgress progress) {

    /** The pre-trained base an earlier attempt stored, or {@code null}. */
    public ArtifactRef resumedBase() {
        return resumed == null ? null : resumed.base();
    }

    /**
     * The checkpoint to continue {@code phase} from, or {@code null}: an earlier attempt's checkpoint
     * belongs to the phase it was in, and resuming another phase from it would be wrong.
     */
    public ArtifactRef checkpointOf(String phase) {
        return resumed != null && resumed.checkpoint() != null && phase.equals(resumed.phase())
                ? resumed.checkpoint() : null;
    }

    /** The state to continue {@code phase} from (read as an input of {@code step}), or {@code null}. */
    public TrainingState resumeState(String phase, StageStep step) {
        ArtifactRef checkpoint = checkpointOf(phase);
        return checkpoint == null ? null : step.read(checkpoint, TrainingState::readFrom);
    }

    /** Progress goes into heartbeats; every checkpoint is stored by {@code step} and named in the next heartbeat. */
    public TrainingHooks hooks(StageStep step) {
        return new TrainingHooks(progress, state -> progress.checkpoint(step.write(ArtifactKind.CHECKPOINT,
                StageStep.bytes(state::writeTo), Map.of("phase", state.phase(), "step", state.step()))));
    }
}
