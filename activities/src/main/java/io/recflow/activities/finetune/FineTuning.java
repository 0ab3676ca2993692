package io.recflow.activities.finetune;

import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.stage.StageStep;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.finetune.FineTuneResult;

/**
 * The training work of the fine-tune stage for one kind of backbone, on one attempt's lineage step; the
 * activity around it owns everything Temporal. The tiny generative backbone ({@link GenerativeFineTuning}) and an
 * imported foundation model ({@link LlmFineTuning}); the activity chooses by {@code training.backbone}.
 */
public interface FineTuning {

    FineTuneResult fineTune(FineTuneRequest request, TrainingAttempt attempt, StageStep step);

    /** {@code comparison} for a model trained to compare the candidate with, {@code candidate} otherwise. */
    static String role(FineTuneRequest request) {
        return request.reuseBaseOf() == null ? "candidate" : "comparison";
    }

    /**
     * The lineage part of this training's steps: the candidate is the stage's own activity, each comparison
     * another beside it ({@code comparison lora}), with steps of its own.
     */
    static String part(FineTuneRequest request) {
        return request.reuseBaseOf() == null ? StepRecords.MAIN_PART
                : role(request) + " " + request.training().adapter();
    }
}
