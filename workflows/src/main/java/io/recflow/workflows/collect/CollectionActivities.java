package io.recflow.workflows.collect;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface CollectionActivities {

    /** Deletes what the order allows now. Idempotent: a retry finds what is gone already marked deleted. */
    CollectionSummary collect(CollectionOrder order);
}
