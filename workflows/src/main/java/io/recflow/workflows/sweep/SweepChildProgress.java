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
}
