package io.recflow.workflows;

import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;

import java.util.function.BooleanSupplier;

/** Signals from workflow code to another workflow, which may have closed in the meantime. */
public final class Signals {

    /** The server's cause when a signal's target is closed or unknown. */
    static final String TARGET_NOT_FOUND =
            "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND";

    private Signals() {
    }

    /**
     * Sends {@code signal}; false when its target has closed. The SDK documents a
     * {@link SignalExternalWorkflowException} for that, but (1.38) completes the signal with the server's failure,
     * an {@link ApplicationFailure} of {@link #TARGET_NOT_FOUND}, which fails the sending workflow when uncaught.
     *
     * @param tolerated asked only when the target has closed: whether this workflow goes on (a
     *                  {@code Workflow.getVersion} check, so that runs that failed on it before replay as they ran)
     */
    public static boolean sentUnlessClosed(Runnable signal, BooleanSupplier tolerated) {
        try {
            signal.run();
            return true;
        } catch (SignalExternalWorkflowException e) {
            return false;
        } catch (ApplicationFailure e) {
            if (TARGET_NOT_FOUND.equals(e.getType()) && tolerated.getAsBoolean()) {
                return false;
            }
            throw e;
        }
    }
}
