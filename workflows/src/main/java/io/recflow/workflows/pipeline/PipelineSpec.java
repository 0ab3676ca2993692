package io.recflow.workflows.pipeline;

import java.util.List;

/**
 * What a pipeline run does. Every field may be left out and takes its default in {@link #withDefaults()};
 * the normalised spec (defaults filled in, seed included) is what lineage records, so the same spec and
 * seed reproduce the same model.
 *
 * @param model the registry model the run produces a version of, e.g. {@code movies}
 * @param seed  the one seed every random choice of the run derives from
 */
public record PipelineSpec(String model, DataSpec data, TokenizerSpec tokenizer, TrainingSpec training,
                           EvaluationSpec evaluation, PromotionSpec promotion, Long seed) {

    public static final String MODEL_NAME_PATTERN = "[a-z0-9][a-z0-9-]{0,63}";

    public PipelineSpec withDefaults() {
        DataSpec d = (data == null ? new DataSpec(null, null, null, null) : data).withDefaults();
        EvaluationSpec e = (evaluation == null ? new EvaluationSpec(null, null, null, null, null) : evaluation)
                .withDefaults(d.defaultProtocols());
        return new PipelineSpec(model, d,
                (tokenizer == null ? new TokenizerSpec(null, null, null, null, null, null, null) : tokenizer).withDefaults(),
                (training == null ? new TrainingSpec(null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null) : training).withDefaults(),
                e,
                (promotion == null ? new PromotionSpec(null, null, null, null, null, null) : promotion).withDefaults(e),
                seed == null ? 42L : seed);
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
        spec.promotion.validate(problems, spec.evaluation);
        return problems.list();
    }
}
