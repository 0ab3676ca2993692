package io.recflow.workflows.sweep;

import io.recflow.workflows.spec.PipelineSpec;

import java.util.Map;

/**
 * One configuration of a sweep.
 *
 * @param runId     the child pipeline's id (its workflow id and lineage row)
 * @param overrides what this child changes in the base spec, by dotted path, e.g. {@code training.experts: 4}
 * @param spec      the complete, validated spec it runs
 */
public record SweepChild(String runId, Map<String, Object> overrides, PipelineSpec spec) {

    /**
     * Children with the same upstream key compute the same ingest and tokenize results (the step cache's key
     * reads nothing else), so one of them computes them and the others reuse them.
     */
    public String upstreamKey() {
        return String.valueOf(spec.data()) + '|' + spec.tokenizer() + '|' + spec.seed() + '|' + spec.cache();
    }
}
