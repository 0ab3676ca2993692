package io.recflow.workflows;

import io.temporal.failure.ApplicationFailure;

/**
 * Application failure types shared by activities and workflows. A {@link #BAD_INPUT} failure is never
 * retried: the same input fails the same way, and its message tells the user what and where.
 */
public final class Failures {

    public static final String BAD_INPUT = "BadInput";
    /** The worker has no usable Python with pip to download a catalogue model with: retrying will not help. */
    public static final String PIP_UNAVAILABLE = "PipUnavailable";

    private Failures() {
    }

    /** The message of the innermost cause: what went wrong, without Temporal's wrapping. */
    public static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof ApplicationFailure app ? app.getOriginalMessage() : cause.getMessage();
    }
}
