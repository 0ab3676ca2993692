package io.recflow.activities.evaluate;

import io.recflow.activities.stage.HeartbeatProgress;
import io.recflow.activities.stage.StageRunner;
import io.recflow.workflows.evaluate.EvaluateActivities;
import io.recflow.workflows.evaluate.EvaluateRequest;
import io.recflow.workflows.evaluate.EvaluationResult;
import io.recflow.workflows.pipeline.Stage;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stage 4: the evaluation report ({@link ModelEvaluation}), on the CPU, as one lineage step whose progress is
 * heartbeated.
 */
@ApplicationScoped
public class EvaluateActivitiesImpl implements EvaluateActivities {

    @Inject
    StageRunner stages;
    @Inject
    ModelEvaluation evaluation;

    @Override
    public EvaluationResult evaluate(EvaluateRequest request) {
        HeartbeatProgress progress = new HeartbeatProgress(Activity.getExecutionContext(), "evaluate", null);
        return stages.run(Stage.EVALUATE.id(), "cpu", step -> evaluation.evaluate(request, progress, step));
    }
}
