package io.recflow.activities.promote;

import io.recflow.activities.ingest.BadInputException;
import io.recflow.activities.lineage.AliasMove;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.activities.stage.StageRunner;
import io.recflow.workflows.pipeline.PromotionSpec;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.promote.ModelVersionRef;
import io.recflow.workflows.promote.PromoteActivities;
import io.recflow.workflows.promote.PromoteRequest;
import io.recflow.workflows.promote.PromotionDecision;
import io.recflow.workflows.promote.PromotionVerdict;
import io.recflow.workflows.promote.RegisterRequest;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * Stage 5: registers the candidate as the model's next version (the same artifact is always the same
 * version, so a retry registers nothing new), judges it against the champion with the spec's policy,
 * and moves the alias with an audit event.
 */
@ApplicationScoped
public class PromoteActivitiesImpl implements PromoteActivities {

    @Inject
    StageRunner stages;
    @Inject
    ModelRegistry registry;

    @Override
    public PromotionVerdict register(RegisterRequest request) {
        return stages.run(Stage.PROMOTE.id(), "cpu", step -> {
            step.used(request.evaluationReport());
            long artifactId = step.used(request.modelArtifact());
            ModelVersionEntity candidate = registry.registerVersion(request.model(), artifactId,
                    Activity.getExecutionContext().getInfo().getWorkflowId(), request.metrics());
            return judge(request.policy(), request, candidate.toRef(), registry.champion(request.model()));
        });
    }

    static PromotionVerdict judge(PromotionSpec policy, RegisterRequest request, ModelVersionRef candidate,
                                  Optional<ModelVersionEntity> champion) {
        Double value = request.metrics().get(policy.metric());
        if (value == null) {
            throw new BadInputException(null, 0, "promotion.metric", "'" + policy.metric()
                    + "' was not measured; the evaluation measured " + request.metrics().keySet());
        }
        if (champion.isEmpty()) {
            return new PromotionVerdict(candidate, null, true, value, null,
                    String.format("first version of %s: %s %.4f", request.model(), policy.metric(), value));
        }
        ModelVersionRef current = champion.get().toRef();
        Object recorded = champion.get().getMetrics().get(policy.metric());
        if (recorded == null) {
            return new PromotionVerdict(candidate, current, true, value, null, String.format(
                    "champion %s has no %s to compare with; candidate %.4f", current, policy.metric(), value));
        }
        double championValue = ((Number) recorded).doubleValue();
        boolean passes = value >= championValue + policy.minGain();
        return new PromotionVerdict(candidate, current, passes, value, championValue, String.format(
                "%s %.4f vs champion %s %.4f (minimum gain %.4f): %s", policy.metric(), value, current, championValue,
                policy.minGain(), passes ? "promote" : "keep the champion"));
    }

    @Override
    public PromotionDecision promote(PromoteRequest request) {
        ModelVersionRef candidate = request.candidate();
        AliasMove move = registry.moveAlias(candidate.name(), request.alias(), candidate.version(), request.actor(),
                request.reason());
        ModelVersionRef previous = move.fromVersion() == null ? null
                : new ModelVersionRef(candidate.name(), move.fromVersion());
        return new PromotionDecision(candidate, previous, true, request.actor(), request.reason());
    }
}
