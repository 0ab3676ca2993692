package io.recflow.workflows.ingest;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Stage 1: read a data set in a known format, validate and canonicalise it, and split it. */
@ActivityInterface
public interface IngestActivities {

    @ActivityMethod
    IngestResult ingest(IngestRequest request);
}
