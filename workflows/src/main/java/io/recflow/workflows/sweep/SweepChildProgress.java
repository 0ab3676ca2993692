package io.recflow.workflows.sweep;

import java.util.Map;

/**
 * One row of the sweep's table.
 *
 * @param validation the candidate's numbers on the validation targets (what the sweep selects on)
 * @param test       the candidate's numbers on the test targets (what its promotion gate compares)
 * @param message    how it ended: its promotion decision, or why it failed
 */
public record SweepChildProgress(String runId, Map<String, Object> overrides, SweepChildStatus status,
                                 Map<String, Double> validation, Map<String, Double> test, Boolean offered,
                                 String message) {

    /** A child of the plan that has not started. */
    static SweepChildProgress pending(SweepChild child) {
        return new SweepChildProgress(child.runId(), child.overrides(), SweepChildStatus.PENDING, Map.of(), Map.of(),
                null, null);
    }

    SweepChildProgress withStatus(SweepChildStatus status, String message) {
        return new SweepChildProgress(runId, overrides, status, validation, test, offered, message);
    }

    SweepChildProgress evaluated(Map<String, Double> validation, Map<String, Double> test) {
        return new SweepChildProgress(runId, overrides, SweepChildStatus.EVALUATED, validation, test, offered, message);
    }

    SweepChildProgress withOffered(boolean offered) {
        return new SweepChildProgress(runId, overrides, status, validation, test, offered, message);
    }
}
