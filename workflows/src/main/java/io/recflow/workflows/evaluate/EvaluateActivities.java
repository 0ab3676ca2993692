package io.recflow.workflows.evaluate;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Stage 4: score the candidate and the baselines with every configured protocol on the same split. */
@ActivityInterface
public interface EvaluateActivities {

    @ActivityMethod
    EvaluationResult evaluate(EvaluateRequest request);
}
