package io.recflow.activities.promote;

import io.recflow.activities.evaluate.ReportedScores;
import io.recflow.activities.lineage.AliasEventEntity;
import io.recflow.activities.lineage.AliasMove;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.activities.stage.StageRunner;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.promote.ModelVersionRef;
import io.recflow.workflows.promote.PromoteActivities;
import io.recflow.workflows.promote.PromoteRequest;
import io.recflow.workflows.promote.PromotionDecision;
import io.recflow.workflows.promote.PromotionVerdict;
import io.recflow.workflows.promote.RegisterRequest;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * Stage 5: registers the candidate as the model's next version (the same artifact is always the same
 * version, so a retry registers nothing new), judges it against the champion with the spec's policy
 * ({@link PromotionGate}, on the evaluation report's per-user values), and moves the alias with an audit
 * event.
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
            ReportedScores report = ReportedScores.parse(step.read(request.evaluationReport()));
            PromotionGate.measured(request.policy(), request);  // bad input registers nothing
            long artifactId = step.used(request.modelArtifact());
            ModelVersionEntity candidate = registry.registerVersion(request.model(), artifactId,
                    Activity.getExecutionContext().getInfo().getWorkflowId(), request.metrics());
            Optional<PromotionGate.Champion> champion = registry.champion(request.model())
                    .map(c -> new PromotionGate.Champion(c.toRef(), c.getMetrics()));
            return PromotionGate.judge(request.policy(), request, candidate.toRef(), champion, report);
        });
    }

    @Override
    public PromotionDecision promote(PromoteRequest request) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        return promote(request, info.getWorkflowId() + "/" + info.getRunId() + "/" + info.getActivityId());
    }

    /**
     * The promotion, once per {@code requestId} (every attempt of one activity has the same): a retry whose first
     * attempt moved the alias, and could not report back, gets that move back, and does not move the alias again
     * over a rollback made in between.
     */
    public PromotionDecision promote(PromoteRequest request, String requestId) {
        ModelVersionRef candidate = request.candidate();
        AliasMove move;
        if (request.replacing() == null) {  // recorded before the check
            move = registry.moveAliasOnce(candidate.name(), request.alias(), candidate.version(), request.actor(),
                    request.reason(), requestId);
        } else {
            ModelVersionRef judged = request.replacing().champion();
            Optional<AliasMove> moved = registry.moveAliasFrom(candidate.name(), request.alias(),
                    judged == null ? null : judged.version(), candidate.version(), request.actor(), request.reason(),
                    requestId);
            if (moved.isEmpty()) {
                return notPromoted(request, judged);
            }
            move = moved.get();
        }
        Integer from = move.changed() ? move.fromVersion() : previousOf(candidate, request.alias());
        ModelVersionRef previous = from == null ? null : new ModelVersionRef(candidate.name(), from);
        return new PromotionDecision(candidate, previous, true, request.actor(), request.reason());
    }

    /** The alias moved on since the verdict (another run's promotion, a rollback): the verdict is about the past. */
    private PromotionDecision notPromoted(PromoteRequest request, ModelVersionRef judged) {
        Integer now = registry.aliases(request.candidate().name()).get(request.alias());
        ModelVersionRef current = now == null ? null : new ModelVersionRef(request.candidate().name(), now);
        return new PromotionDecision(request.candidate(), current, false, request.actor(), "not promoted: "
                + request.alias() + " moved from " + (judged == null ? "nowhere" : "version " + judged.version())
                + " to " + (now == null ? "nowhere" : "version " + now) + " after the verdict, which compared with"
                + " the former; run again to compare with the current one");
    }

    /**
     * Where the alias pointed before it was moved to the candidate: a retried promotion finds it there already
     * (its first attempt moved it, and could not report back), so the move that put it there says.
     */
    private Integer previousOf(ModelVersionRef candidate, String alias) {
        return registry.lastMoveTo(candidate.name(), alias, candidate.version())
                .map(AliasEventEntity::getFromVersion).orElse(null);
    }
}
