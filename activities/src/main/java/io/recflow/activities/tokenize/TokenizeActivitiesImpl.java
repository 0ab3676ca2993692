package io.recflow.activities.tokenize;

import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.stage.HeartbeatProgress;
import io.recflow.activities.stage.StageRunner;
import io.recflow.activities.stage.StepCacheKey;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.tokenize.TokenizeActivities;
import io.recflow.workflows.tokenize.TokenizeRequest;
import io.recflow.workflows.tokenize.TokenizeResult;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stage 2: the sequence encoder and the item codes ({@link ItemTokenization}), on the CPU, as one lineage
 * step whose progress is heartbeated.
 */
@ApplicationScoped
public class TokenizeActivitiesImpl implements TokenizeActivities {

    /** The step cache's version of this stage: raise it when the same request would tokenize otherwise. */
    static final int SEMANTICS = 1;

    @Inject
    StageRunner stages;
    @Inject
    ItemTokenization tokenization;

    @Override
    public TokenizeResult tokenize(TokenizeRequest request) {
        HeartbeatProgress progress = new HeartbeatProgress(Activity.getExecutionContext(), "tokenize", null);
        return stages.runCached(Stage.TOKENIZE.id(), StepRecords.MAIN_PART, "cpu",
                () -> StepCacheKey.of(Stage.TOKENIZE.id(), SEMANTICS, request, tokenization.givenCodesSha256(request)),
                TokenizeResult.class, step -> tokenization.tokenize(request, progress, step));
    }
}
