package io.recflow.workflows.tokenize;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Stage 2: train the sequence encoder, then the coarse-to-fine item tokenizer on top of it. */
@ActivityInterface
public interface TokenizeActivities {

    @ActivityMethod
    TokenizeResult tokenize(TokenizeRequest request);
}
