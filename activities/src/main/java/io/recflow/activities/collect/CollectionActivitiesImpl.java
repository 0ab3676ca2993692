package io.recflow.activities.collect;

import io.recflow.workflows.collect.CollectionActivities;
import io.recflow.workflows.collect.CollectionOrder;
import io.recflow.workflows.collect.CollectionSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A scheduled collection: what {@link ArtifactCollector} deletes now, named in lineage by the order. */
@ApplicationScoped
public class CollectionActivitiesImpl implements CollectionActivities {

    @Inject
    ArtifactCollector collector;

    private final Clock clock = Clock.systemUTC();

    @Override
    public CollectionSummary collect(CollectionOrder order) {
        Instant now = clock.instant();
        Collection done = collector.collect(now.minus(Duration.parse(order.olderThan())), order.by() + " at " + now);
        return new CollectionSummary(done.cutoff(), done.artifacts().size(), done.bytes());
    }
}
