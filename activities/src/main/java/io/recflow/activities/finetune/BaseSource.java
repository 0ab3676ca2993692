package io.recflow.activities.finetune;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.FineTuneRequest;

/** Where the backbone a fine-tuning starts from comes from, in the order they are preferred. */
enum BaseSource {
    /** A comparison fine-tunes the candidate bundle's base, so the two differ by their adapter only. */
    OTHER_BUNDLE,
    /** {@code training.baseModel}: a registered model version's base. */
    REGISTERED,
    /** An earlier attempt finished pre-training and stored the base; pre-training is not repeated. */
    RESUMED_PRETRAINING,
    PRETRAIN_NOW;

    static BaseSource of(FineTuneRequest request, ArtifactRef resumedBase) {
        if (request.reuseBaseOf() != null) {
            return OTHER_BUNDLE;
        }
        if (request.training().baseModel() != null) {
            return REGISTERED;
        }
        return resumedBase != null ? RESUMED_PRETRAINING : PRETRAIN_NOW;
    }
}
