package io.recflow.workflows.promote;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Stage 5. {@link #register} makes the candidate a model version and judges it against the champion;
 * {@link #promote} moves the champion alias (after an approval, when the spec asks for one) and writes
 * the audit event. Both are idempotent.
 */
@ActivityInterface
public interface PromoteActivities {

    @ActivityMethod
    PromotionVerdict register(RegisterRequest request);

    @ActivityMethod
    PromotionDecision promote(PromoteRequest request);
}
