package io.recflow.workflows.pipeline;

public enum StageStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELED, SKIPPED
}
