package io.recflow.api.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.workflows.spec.PipelineSpec;

import java.util.List;
import java.util.Map;

/**
 * A sweep to start: a base spec and its configurations, either a {@code grid} (every combination of the values
 * given per dotted field path, e.g. {@code "training.experts": [1, 2, 4, 8]}, the first path varying slowest) or a
 * list of {@code runs} (partial specs merged into the base, objects field by field, lists whole).
 *
 * @param maxParallel children running at once (default {@value SweepExpansion#DEFAULT_PARALLEL})
 * @param selectBy    {@code protocol/metric} the best child is chosen by, on validation (default: the base's
 *                    promotion metric)
 */
public record SweepRequest(PipelineSpec spec, Map<String, List<JsonNode>> grid, List<PipelineSpec> runs,
                           Integer maxParallel, String selectBy) {
}
