package io.recflow.workflows.finetune;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Stage 3, on the gpu queue: pre-train the generative backbone when no base model is given, then
 * fine-tune its adapters. Heartbeats {@link TrainingProgress}; a retried attempt resumes from the last
 * checkpoint the heartbeat named.
 */
@ActivityInterface
public interface FineTuneActivities {

    @ActivityMethod
    FineTuneResult fineTune(FineTuneRequest request);
}
