package io.recflow.api.pipelines;

import io.recflow.activities.lineage.StepEntity;
import io.recflow.activities.lineage.StepRecords;

/** The step (and so the run) whose result a CACHED stage reused, through the step cache. */
public record ReusedFrom(String runId, long stepId) {

    /** Where {@code step} took its result from, or null when it computed its own. */
    static ReusedFrom of(StepEntity step, StepRecords steps) {
        if (step == null || step.getCachedFromStep() == null) {
            return null;
        }
        long from = step.getCachedFromStep();
        return new ReusedFrom(steps.step(from).map(StepEntity::getRunId).orElse(null), from);
    }
}
