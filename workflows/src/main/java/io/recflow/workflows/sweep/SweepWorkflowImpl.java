package io.recflow.workflows.sweep;

import io.recflow.workflows.Failures;
import io.recflow.workflows.LineageWrites;
import io.recflow.workflows.Signals;
import io.recflow.workflows.TaskQueues;
import io.recflow.workflows.pipeline.ChildEvaluation;
import io.recflow.workflows.pipeline.PipelineResult;
import io.recflow.workflows.pipeline.SweepOffer;
import io.recflow.workflows.pipeline.PipelineRunActivities;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.pipeline.PipelineWorkflow;
import io.recflow.workflows.pipeline.RecflowSearchAttributes;
import io.recflow.workflows.pipeline.StagePolicies;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Starts the children in the plan's order as slots free up. Of the children that share ingest and tokenize (same
 * data, tokenizer, seed), the first computes them and the others start once it has, so they reuse its results
 * from the step cache instead of computing them side by side. When every child has been evaluated or has
 * ended, the best one by validation is offered to its promotion gate; the sweep ends when all children have.
 */
public class SweepWorkflowImpl implements SweepWorkflow {

    private final PipelineRunActivities runs =
            Workflow.newActivityStub(PipelineRunActivities.class, StagePolicies.bookkeeping());
    private final SweepActivities records = Workflow.newActivityStub(SweepActivities.class, StagePolicies.bookkeeping());

    private SweepTracker tracker;
    private final Map<String, PipelineWorkflow> children = new LinkedHashMap<>();
    private final Set<String> upstreamReady = new HashSet<>();
    private boolean searchAttributes;
    private boolean writesOutliveCancel;

    @Override
    public SweepProgress run(SweepPlan plan) {
        writesOutliveCancel = SweepVersions.writesOutliveCancel();
        tracker = new SweepTracker(plan);
        searchAttributes = Workflow.getTypedSearchAttributes().containsKey(RecflowSearchAttributes.PIPELINE);
        if (plan.children().isEmpty() || plan.maxParallel() < 1) {
            String message = "a sweep needs at least one child and maxParallel of at least 1";
            setStatus(PipelineStatus.FAILED, message);
            throw ApplicationFailure.newNonRetryableFailure(message, Failures.BAD_INPUT);
        }
        try {
            setStatus(PipelineStatus.RUNNING, null);
            startAll(plan);
            Workflow.await(tracker::allDecidable);
            decide();
            Workflow.await(tracker::allEnded);
            return finish();
        } catch (CanceledFailure e) {
            // The children were asked to cancel with this scope; wait for them to say so before the sweep does.
            tracker.cancelPending();
            Workflow.newDetachedCancellationScope(() -> {
                Workflow.await(tracker::allEnded);
                records.closeChildren(tracker.snapshot().children());
                setStatus(PipelineStatus.CANCELED, "canceled by request");
            }).run();
            throw e;
        }
    }

    private void startAll(SweepPlan plan) {
        while (true) {
            Workflow.await(() -> nextStartable(plan).isEmpty() && !hasPending(plan)
                    || tracker.active() < plan.maxParallel() && nextStartable(plan).isPresent());
            Optional<SweepChild> next = nextStartable(plan);
            if (next.isEmpty()) {
                return;
            }
            start(next.get());
        }
    }

    /** The first pending child whose upstream stages are computed, or which computes them itself. */
    private Optional<SweepChild> nextStartable(SweepPlan plan) {
        for (SweepChild child : plan.children()) {
            if (!tracker.isPending(child.runId())) {
                continue;
            }
            SweepChild leader = plan.children().stream()
                    .filter(c -> c.upstreamKey().equals(child.upstreamKey())).findFirst().orElseThrow();
            if (leader == child || upstreamReady.contains(leader.runId())
                    || !tracker.isPending(leader.runId()) && !tracker.isRunning(leader.runId())) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    private boolean hasPending(SweepPlan plan) {
        return plan.children().stream().anyMatch(c -> tracker.isPending(c.runId()));
    }

    private void start(SweepChild child) {
        write(() -> records.recordChild(child));
        ChildWorkflowOptions.Builder options = ChildWorkflowOptions.newBuilder()
                .setWorkflowId(child.runId())
                .setTaskQueue(TaskQueues.CPU)
                // A sweep that is terminated rather than cancelled still lets its children record how they ended.
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL);
        if (searchAttributes) {
            options.setTypedSearchAttributes(RecflowSearchAttributes.initial(Workflow.getInfo().getWorkflowId(),
                    child.spec()));
        }
        PipelineWorkflow stub = Workflow.newChildWorkflowStub(PipelineWorkflow.class, options.build());
        children.put(child.runId(), stub);
        tracker.started(child.runId());
        Promise<PipelineResult> result = Async.function(stub::run, child.spec());
        result.handle((done, failure) -> {
            if (failure == null) {
                tracker.completed(child.runId(), done);
            } else if (failure instanceof ChildWorkflowFailure f && f.getCause() instanceof CanceledFailure
                    || failure instanceof CanceledFailure) {
                tracker.ended(child.runId(), SweepChildStatus.CANCELED, "canceled");
            } else {
                tracker.ended(child.runId(), SweepChildStatus.FAILED, Failures.rootMessage(failure));
            }
            return null;
        });
    }

    /** Offers the best evaluated child to its promotion gate and tells the others they were not chosen. */
    private void decide() {
        Optional<SweepChildProgress> best = tracker.best();
        String selectBy = tracker.selectBy();
        List<String> evaluated = tracker.evaluatedChildren();
        tracker.offer(best);
        for (String runId : evaluated) {
            boolean offered = best.isPresent() && best.get().runId().equals(runId);
            String reason = best.isEmpty() ? "no child reported validation " + selectBy
                    : offered ? "the sweep's best by validation " + selectBy
                    : "the sweep offered " + best.get().runId() + " (validation " + selectBy + " "
                    + best.get().validation().get(selectBy) + ")";
            // A child that ended meanwhile (cancelled on its own) has nothing left to offer: its result says how.
            Signals.sentUnlessClosed(() -> children.get(runId).offer(new SweepOffer(offered, reason)),
                    SweepVersions::offersToClosedChildren);
        }
    }

    private SweepProgress finish() {
        long completed = tracker.count(SweepChildStatus.COMPLETED);
        int total = children.size();
        SweepProgress table = tracker.snapshot();
        write(() -> records.closeChildren(table.children()));
        String best = table.best() == null ? "no child was offered to promotion"
                : "best: " + table.best() + " (" + table.selectBy() + " on validation), offered to promotion";
        if (completed == 0) {
            String message = "no child completed (" + tracker.count(SweepChildStatus.FAILED) + " failed, "
                    + tracker.count(SweepChildStatus.CANCELED) + " canceled, of " + total + ")";
            setStatus(PipelineStatus.FAILED, message);
            throw ApplicationFailure.newNonRetryableFailure(message, "SweepFailed");
        }
        setStatus(PipelineStatus.COMPLETED, completed + " of " + total + " children completed; " + best);
        return tracker.snapshot();
    }

    private void setStatus(PipelineStatus status, String message) {
        tracker.status(status, message);
        if (searchAttributes) {
            Workflow.upsertTypedSearchAttributes(RecflowSearchAttributes.STATUS.valueSet(status.name()));
        }
        write(() -> runs.recordStatus(status, message));
    }

    private void write(Runnable write) {
        LineageWrites.run(writesOutliveCancel, write);
    }

    @Override
    public SweepProgress progress() {
        return tracker == null ? null : tracker.snapshot();
    }

    @Override
    public void upstreamReady(String runId) {
        upstreamReady.add(runId);
    }

    @Override
    public void evaluated(ChildEvaluation evaluation) {
        tracker.evaluated(evaluation);
    }
}
