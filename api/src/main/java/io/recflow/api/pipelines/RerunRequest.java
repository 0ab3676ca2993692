package io.recflow.api.pipelines;

import io.recflow.workflows.spec.PipelineSpec;

/**
 * A new run of an earlier one from a stage: {@code from} names the first stage that computes again (the
 * stages before it reuse the earlier run's results through the step cache, as long as their inputs are
 * unchanged), {@code spec} the fields that change — a partial spec, read as strictly as a full one, whose
 * fields replace the earlier run's (objects field by field, lists whole).
 */
public record RerunRequest(String from, PipelineSpec spec) {
}
