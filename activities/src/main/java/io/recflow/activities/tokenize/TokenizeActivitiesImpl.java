package io.recflow.activities.tokenize;

import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.stage.HeartbeatProgress;
import io.recflow.activities.stage.StageRunner;
import io.recflow.activities.stage.StepCacheKey;
import io.recflow.activities.store.ArtifactHasher;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.tokenize.TokenizeActivities;
import io.recflow.workflows.tokenize.TokenizeRequest;
import io.recflow.workflows.tokenize.TokenizeResult;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Stage 2: the sequence encoder and the item codes ({@link ItemTokenization}), on the CPU, as one lineage
 * step whose progress is heartbeated.
 */
@ApplicationScoped
public class TokenizeActivitiesImpl implements TokenizeActivities {

    /** The step cache's version of this stage: raise it when the same request would tokenize otherwise. */
    static final int SEMANTICS = 2;  // 2: seeds of random streams scrambled (Seeds.mix)

    @Inject
    StageRunner stages;
    @Inject
    ItemTokenization tokenization;

    @Override
    public TokenizeResult tokenize(TokenizeRequest request) {
        HeartbeatProgress progress = new HeartbeatProgress(Activity.getExecutionContext(), "tokenize", null);
        // The given index is read once, for the key and then for the work: read twice, a file changed in between
        // would be tokenized under the key of its earlier bytes.
        AtomicReference<CodeIndex> given = new AtomicReference<>();
        return stages.runCached(Stage.TOKENIZE.id(), StepRecords.MAIN_PART, "cpu", () -> {
            given.set(tokenization.givenIndex(request));
            return StepCacheKey.of(Stage.TOKENIZE.id(), SEMANTICS, request,
                    given.get() == null ? null : ArtifactHasher.sha256(given.get().content()));
        }, TokenizeResult.class, step -> tokenization.tokenize(request, given.get(), progress, step));
    }
}
