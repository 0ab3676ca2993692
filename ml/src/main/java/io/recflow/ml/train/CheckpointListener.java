package io.recflow.ml.train;

/**
 * Receives a snapshot every {@link TrainConfig#checkpointEvery()} steps, e.g. to upload it and name
 * it in an activity heartbeat. Runs on the training thread between two steps; the state is a host
 * copy the listener may keep. An exception thrown here stops training.
 */
@FunctionalInterface
public interface CheckpointListener {

    CheckpointListener NONE = state -> { };

    void onCheckpoint(TrainingState state);
}
