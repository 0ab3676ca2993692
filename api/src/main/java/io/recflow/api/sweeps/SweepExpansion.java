package io.recflow.api.sweeps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recflow.api.foundation.FoundationBackboneCheck;
import io.recflow.api.pipelines.PipelineService;
import io.recflow.api.pipelines.SpecPatches;
import io.recflow.api.problem.NearestName;
import io.recflow.api.problem.ProblemException;
import io.recflow.api.requests.StrictRequestJson;
import io.recflow.workflows.spec.EvaluationSpec;
import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.workflows.sweep.SweepChild;
import io.recflow.workflows.sweep.SweepPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link SweepRequest} into the plan the sweep's workflow runs: one complete, validated spec per
 * configuration, each asking its evaluation for the validation row the sweep selects on. Every child is checked
 * before anything starts, and the problems of all of them are reported together, each with the configuration
 * it belongs to.
 */
@ApplicationScoped
public class SweepExpansion {

    static final int DEFAULT_PARALLEL = 2;
    static final int MAX_PARALLEL = 16;
    static final int MAX_CHILDREN = 64;

    @Inject
    ObjectMapper json;
    @Inject
    StrictRequestJson strict;
    @Inject
    PipelineService pipelines;
    @Inject
    FoundationBackboneCheck foundationBackbones;

    /** @param childId the id of the child at a 1-based position */
    SweepPlan plan(SweepRequest request, java.util.function.IntFunction<String> childId) {
        if (request == null || request.spec() == null) {
            throw ProblemException.badRequest("spec is required: the base pipeline spec every configuration changes");
        }
        List<Map<String, JsonNode>> configurations = configurations(request);
        int maxParallel = request.maxParallel() == null ? DEFAULT_PARALLEL : request.maxParallel();
        if (maxParallel < 1 || maxParallel > MAX_PARALLEL) {
            throw ProblemException.badRequest("maxParallel must be in 1.." + MAX_PARALLEL + ", not " + maxParallel);
        }
        List<SweepChild> children = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map<String, JsonNode> overrides : configurations) {
            String label = "children[" + children.size() + "] " + overrides;
            PipelineSpec spec = child(request.spec(), overrides, label);
            List<String> own = pipelines.problems(spec);
            own.forEach(problem -> problems.add(label + ": " + problem));
            Map<String, Object> values = new LinkedHashMap<>();
            overrides.forEach((path, value) -> values.put(path, json.convertValue(value, Object.class)));
            children.add(new SweepChild(childId.apply(children.size() + 1), values, own.isEmpty() ? spec.validated() : spec));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("the sweep has invalid configurations: " + problems.size()
                    + " problem(s); nothing was started", problems);
        }
        children.forEach(child -> foundationBackbones.requireImported(child.spec()));
        String selectBy = request.selectBy() == null ? children.get(0).spec().promotion().metric() : request.selectBy();
        // Chosen on the validation row, which only the protocols with validation targets fill.
        PipelineSpec first = children.get(0).spec();
        String selectProblem = first.evaluation().metricProblem(selectBy, EvaluationSpec.TEST_EXAMPLE_PROTOCOLS,
                first.training().isLanguageModel());
        if (selectProblem != null) {
            throw ProblemException.badRequest("selectBy " + selectProblem);
        }
        return new SweepPlan(children, maxParallel, selectBy);
    }

    /** Each configuration as the fields it sets, by dotted path. */
    private List<Map<String, JsonNode>> configurations(SweepRequest request) {
        boolean grid = request.grid() != null && !request.grid().isEmpty();
        boolean runs = request.runs() != null && !request.runs().isEmpty();
        if (grid == runs) {
            throw ProblemException.badRequest("give either grid (values per field, every combination) or runs (a list"
                    + " of partial specs), " + (grid ? "not both" : "one of them"));
        }
        List<Map<String, JsonNode>> configurations = new ArrayList<>();
        if (runs) {
            requireAtMostMax(request.runs().size());
            for (PipelineSpec run : request.runs()) {
                if (run == null) {
                    throw ProblemException.badRequest("runs[" + configurations.size() + "] is null: each run is a"
                            + " partial spec, {} for the base as it is");
                }
                configurations.add(SpecPatches.paths(json.valueToTree(run)));
            }
        } else {
            List<String> known = SpecPatches.fields(json, PipelineSpec.class);
            configurations.add(new LinkedHashMap<>());
            for (Map.Entry<String, List<JsonNode>> axis : request.grid().entrySet()) {
                requireField(axis.getKey(), known);
                List<JsonNode> values = axis.getValue();
                if (values == null || values.isEmpty()) {
                    throw ProblemException.badRequest("grid." + axis.getKey() + " must list at least one value");
                }
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) == null || values.get(i).isNull()) {
                        throw ProblemException.badRequest("grid." + axis.getKey() + "[" + i + "] is null: list the"
                                + " values to try (a field left out keeps the base's value)");
                    }
                }
                // Before the product is built: a long axis must not fill the heap on its way to being refused.
                requireAtMostMax((long) configurations.size() * values.size());
                List<Map<String, JsonNode>> product = new ArrayList<>();
                for (Map<String, JsonNode> configuration : configurations) {
                    for (JsonNode value : values) {
                        Map<String, JsonNode> next = new LinkedHashMap<>(configuration);
                        next.put(axis.getKey(), value);
                        product.add(next);
                    }
                }
                configurations = product;
            }
        }
        return configurations;
    }

    private static void requireField(String path, List<String> known) {
        if (!known.contains(path)) {
            throw ProblemException.badRequest("grid: '" + path + "' is not a field of the pipeline spec"
                    + NearestName.to(path, known).map(n -> " (did you mean '" + n + "'?)").orElse(""));
        }
    }

    private static void requireAtMostMax(long children) {
        if (children > MAX_CHILDREN) {
            throw ProblemException.badRequest("a sweep runs at most " + MAX_CHILDREN + " configurations; this one has "
                    + children);
        }
    }

    /** The base with {@code overrides}, read as strictly as a request, asking for the validation row. */
    private PipelineSpec child(PipelineSpec base, Map<String, JsonNode> overrides, String label) {
        ObjectNode tree = json.valueToTree(base);
        overrides.forEach((path, value) -> SpecPatches.set(tree, path, value));
        PipelineSpec spec;
        try {
            spec = strict.getContext(PipelineSpec.class).treeToValue(tree, PipelineSpec.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(label + " cannot be read as a pipeline spec: " + e.getOriginalMessage());
        }
        EvaluationSpec evaluation = spec.evaluation() == null ? EvaluationSpec.builder().build() : spec.evaluation();
        return spec.toBuilder().evaluation(evaluation.toBuilder().validation(true).build()).build();
    }
}
