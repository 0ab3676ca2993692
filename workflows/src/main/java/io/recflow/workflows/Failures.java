package io.recflow.workflows;

/**
 * Application failure types shared by activities and workflows. A {@link #BAD_INPUT} failure is never
 * retried: the same input fails the same way, and its message tells the user what and where.
 */
public final class Failures {

    public static final String BAD_INPUT = "BadInput";
    public static final String REJECTED = "Rejected";

    private Failures() {
    }
}
