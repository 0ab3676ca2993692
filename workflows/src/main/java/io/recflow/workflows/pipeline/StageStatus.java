package io.recflow.workflows.pipeline;

public enum StageStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELED, SKIPPED,
    /** Completed by reusing the outputs of an earlier step with the same cache key (the step cache). */
    CACHED
}
