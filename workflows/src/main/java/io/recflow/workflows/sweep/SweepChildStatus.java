package io.recflow.workflows.sweep;

public enum SweepChildStatus {
    /** Not started yet: waiting for a free slot or for the child that computes its upstream stages. */
    PENDING,
    RUNNING,
    /** Evaluated, waiting for the sweep's decision. */
    EVALUATED,
    COMPLETED,
    FAILED,
    CANCELED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELED;
    }
}
