package io.recflow.workflows.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import lombok.Builder;
import lombok.extern.jackson.Jacksonized;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pipeline run does. Every field may be left out of a request and takes its default in
 * {@link #withDefaults()}. The API completes and checks a spec once, with {@link #validated()}, before any
 * run starts: the workflow receives that complete, valid spec, and lineage records it, so the same spec
 * and seed reproduce the same model, and a later change of a default or a rule cannot change a run in flight.
 *
 * @param model the registry model the run produces a version of, e.g. {@code movies}
 * @param seed  the one seed every random choice of the run derives from
 * @param cache whether stages may reuse earlier steps' results ({@link CacheSpec}; by default they do)
 */
@Builder(toBuilder = true)
@Jacksonized
public record PipelineSpec(String model, DataSpec data, TokenizerSpec tokenizer, TrainingSpec training,
                           EvaluationSpec evaluation, PromotionSpec promotion, Long seed, CacheSpec cache) {

    public static final String MODEL_NAME_PATTERN = "[a-z0-9][a-z0-9-]{0,63}";
    public static final long DEFAULT_SEED = 42L;

    /** This spec with every default filled in; sections left out get all their defaults. */
    public PipelineSpec withDefaults() {
        DataSpec d = (data == null ? DataSpec.builder().build() : data).withDefaults();
        TrainingSpec t = (training == null ? TrainingSpec.builder().build() : training).withDefaults();
        EvaluationSpec e = (evaluation == null ? EvaluationSpec.builder().build() : evaluation)
                .withDefaults(t.isLanguageModel() ? EvaluationSpec.LANGUAGE_MODEL_PROTOCOLS : d.defaultProtocols());
        return new PipelineSpec(model, d,
                (tokenizer == null ? TokenizerSpec.builder().build() : tokenizer).withDefaults(),
                t,
                e,
                (promotion == null ? PromotionSpec.builder().build() : promotion).withDefaults(e, t),
                seed == null ? DEFAULT_SEED : seed,
                (cache == null ? CacheSpec.of(true) : cache).withDefaults());
    }

    /** Every problem of this spec (after defaults), as {@code field: message}; empty when it is valid. */
    public List<String> problems() {
        PipelineSpec spec = withDefaults();
        SpecProblems problems = new SpecProblems();
        problems.require(spec.model != null && spec.model.matches(MODEL_NAME_PATTERN), "model",
                "is required: lower-case letters, digits and '-', at most 64 characters");
        spec.data.validate(problems);
        spec.tokenizer.validate(problems);
        spec.training.validate(problems);
        spec.evaluation.validate(problems, spec.data);
        if (spec.training.isLanguageModel()) {
            spec.evaluation.validateForLanguageModel(problems);
        }
        spec.promotion.validate(problems, spec.evaluation, spec.training.isLanguageModel());
        spec.cache.validate(problems);
        return problems.list();
    }

    /**
     * The spec a run is started with: defaults filled in and every rule checked.
     *
     * @throws InvalidSpecException listing every problem, when there is one
     */
    public PipelineSpec validated() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return withDefaults();
    }

    /**
     * Every URI the spec names, by field: {@code data.uri}, {@code data.itemsUri}, {@code data.trainUri} and
     * {@code tokenizer.codesUri}, in that order, blank ones left out (they name nothing). The spec knows only
     * their shape; the API checks each against the places the platform may read before a run starts.
     */
    public Map<String, String> locations() {
        Map<String, String> named = new LinkedHashMap<>();
        if (data != null) {
            named.put("data.uri", data.uri());
            named.put("data.itemsUri", data.itemsUri());
            named.put("data.trainUri", data.trainUri());
        }
        if (tokenizer != null) {
            named.put("tokenizer.codesUri", tokenizer.codesUri());
        }
        named.values().removeIf(uri -> uri == null || uri.isBlank());
        return named;
    }

    /**
     * Whether every section is present, as {@link #validated()} leaves it. The workflow checks only this
     * (the rules themselves are the API's, so changing one never changes a run in flight). {@code cache} is
     * not required: runs started before it existed have none, and only the activities read it.
     */
    @JsonIgnore
    public boolean isComplete() {
        return model != null && data != null && tokenizer != null && training != null && evaluation != null
                && promotion != null && seed != null;
    }
}
