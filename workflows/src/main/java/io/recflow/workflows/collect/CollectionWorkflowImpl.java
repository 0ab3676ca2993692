package io.recflow.workflows.collect;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;

import java.time.Duration;

/** One activity: the collection plans and deletes in the same process, against the store and lineage. */
public class CollectionWorkflowImpl implements CollectionWorkflow {

    private final CollectionActivities activities = Workflow.newActivityStub(CollectionActivities.class,
            ActivityOptions.newBuilder()
                    // Deleting is one store call and one row update per artifact: minutes even for many thousands.
                    .setStartToCloseTimeout(Duration.ofMinutes(30))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                    .build());

    @Override
    public CollectionSummary collect(CollectionOrder order) {
        return activities.collect(order);
    }
}
