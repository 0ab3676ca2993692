package io.recflow.workflows;

/**
 * Task queues. Workflows and the light activities run on {@link #CPU}; fine-tuning runs on {@link #GPU},
 * which a worker on a machine with an accelerator polls (any worker may poll it: the code falls back to
 * the CPU when no GPU is present).
 */
public final class TaskQueues {

    public static final String CPU = "recflow-cpu";
    public static final String GPU = "recflow-gpu";

    private TaskQueues() {
    }
}
