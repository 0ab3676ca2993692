package io.recflow.api.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recflow.activities.lineage.PipelineRunEntity;
import io.recflow.api.problem.ProblemException;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.spec.CacheSpec;
import io.recflow.workflows.spec.PipelineSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Re-running a pipeline from a stage: the earlier run's request with this request's changes, started as a new
 * run whose stages from {@code from} on compute again, while those before it reuse what the earlier run (or
 * any run) computed with the same inputs — the step cache decides, so a change that reaches an earlier stage
 * (a new tokenizer setting) recomputes that stage too rather than reusing a result that no longer fits.
 */
@ApplicationScoped
public class PipelineReruns {

    @Inject
    PipelineService pipelines;
    @Inject
    ObjectMapper json;

    public PipelineView rerun(String id, RerunRequest request, String idempotencyKey) {
        if (request == null || request.from() == null) {
            throw ProblemException.badRequest("from is required: the first stage to compute again, one of "
                    + stageIds());
        }
        Stage from = Arrays.stream(Stage.values()).filter(s -> s.id().equals(request.from())).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("from must be one of " + stageIds() + ", not '"
                        + request.from() + "'"));
        PipelineRunEntity earlier = pipelines.run(id);
        PipelineSpec spec = changed(earlier, request.spec());
        return pipelines.start(spec.toBuilder().cache(computingFrom(from, spec.cache())).build(), idempotencyKey,
                "rerun of " + id + " from " + from.id());
    }

    /**
     * The earlier run's request with {@code changes}, to be completed by its defaults again: a change that other
     * defaults follow (the adapter, whose experts' default it sets; ready-made codes, which leave the levels out)
     * takes them along. A run recorded before requests were kept offers its complete spec instead.
     */
    private PipelineSpec changed(PipelineRunEntity earlier, PipelineSpec changes) {
        JsonNode spec = json.valueToTree(earlier.getRequestedSpec().orElse(earlier.getSpec()));
        if (changes != null) {
            SpecPatches.merge((ObjectNode) spec, json.valueToTree(changes));
        }
        try {
            return json.treeToValue(spec, PipelineSpec.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("the spec of " + earlier.getId() + " with these changes cannot be read: "
                    + e.getOriginalMessage());
        }
    }

    /** The cache section that makes {@code from} and every cached stage after it compute. */
    private static CacheSpec computingFrom(Stage from, CacheSpec requested) {
        Set<String> skip = new LinkedHashSet<>(requested == null || requested.skip() == null ? List.of()
                : requested.skip());
        for (Stage stage : Stage.values()) {
            if (stage.ordinal() >= from.ordinal() && CacheSpec.CACHEABLE.contains(stage.id())) {
                skip.add(stage.id());
            }
        }
        return new CacheSpec(requested == null ? null : requested.enabled(), List.copyOf(skip));
    }

    private static String stageIds() {
        return String.join(", ", Arrays.stream(Stage.values()).map(Stage::id).toList());
    }
}
