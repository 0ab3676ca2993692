package io.recflow.activities.finetune;

import ai.djl.Device;
import io.recflow.activities.foundation.FoundationModelFiles;
import io.recflow.activities.stage.HeartbeatProgress;
import io.recflow.activities.stage.StageRunner;
import io.recflow.activities.stage.StepCacheKey;
import io.recflow.ml.train.Devices;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.FineTuneActivities;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.finetune.FineTuneResult;
import io.recflow.workflows.finetune.TrainingProgress;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.spec.TrainingSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Stage 3 (gpu queue): pre-trains the backbone unless the spec names a registered base, then
 * fine-tunes its adapter (iLoRA's MoE-LoRA, plain LoRA, or everything). Checkpoints go to S3 every
 * {@code checkpointEvery} steps and their references into the heartbeat, so a retried attempt —
 * another worker after this one died — resumes from the last one and ends with the same model. A
 * comparison training ({@code reuseBaseOf} set) fine-tunes the candidate bundle's base instead, with the
 * same seed and examples, so the two differ by their adapter only.
 *
 * <p>This class holds what is Temporal's: the device of this worker, the last heartbeat of a failed
 * attempt, the heartbeats of this one and the lineage step; {@link FineTuning} does the training — the tiny
 * generative backbone's, or a foundation model's when {@code training.backbone} names one.
 */
@ApplicationScoped
public class FineTuneActivitiesImpl implements FineTuneActivities {

    /** The step cache's version of this stage: raise it when the same request would train another model. */
    static final int SEMANTICS = 2;  // 2: seeds of random streams scrambled (Seeds.mix)

    @Inject
    StageRunner stages;
    @Inject
    @Named(GenerativeFineTuning.NAME)
    FineTuning tinyBackbone;
    @Inject
    @Named(LlmFineTuning.NAME)
    FineTuning languageModel;
    @Inject
    FoundationModelFiles foundationModels;

    @Override
    public FineTuneResult fineTune(FineTuneRequest request) {
        TrainingSpec spec = request.training();
        Device device = Devices.select(spec.device());
        String deviceName = device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
        ActivityExecutionContext context = Activity.getExecutionContext();
        TrainingProgress resumed = context.getHeartbeatDetails(TrainingProgress.class).orElse(null);
        HeartbeatProgress progress = new HeartbeatProgress(context,
                "fine-tune " + FineTuning.role(request) + " " + spec.adapter(), resumed);
        TrainingAttempt attempt = new TrainingAttempt(device, deviceName, resumed, progress);
        FineTuning fineTuning = spec.isLanguageModel() ? languageModel : tinyBackbone;
        return stages.runCached(Stage.FINE_TUNE.id(), FineTuning.part(request), deviceName,
                () -> StepCacheKey.of(Stage.FINE_TUNE.id(), SEMANTICS, request, foundationModelOf(spec)),
                FineTuneResult.class, step -> fineTuning.fineTune(request, attempt, step));
    }

    /** The imported foundation model the backbone names (a name could be imported again as other weights). */
    private ArtifactRef foundationModelOf(TrainingSpec spec) {
        return spec.isLanguageModel() ? foundationModels.artifactOf(spec.backbone()) : null;
    }
}
