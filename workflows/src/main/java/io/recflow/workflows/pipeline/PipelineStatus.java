package io.recflow.workflows.pipeline;

public enum PipelineStatus {
    RUNNING, WAITING_APPROVAL, COMPLETED, FAILED, CANCELED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELED;
    }
}
