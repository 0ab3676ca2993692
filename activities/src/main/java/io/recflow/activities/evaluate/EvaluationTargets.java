package io.recflow.activities.evaluate;

import io.recflow.activities.data.PreparedData;
import io.recflow.ml.evaluation.TemporalGapProtocol;
import io.recflow.ml.split.Example;
import io.recflow.workflows.spec.EvaluationSpec;

import java.util.List;
import java.util.Set;

/**
 * What a model is scored on, with the history it reads: the sampled test examples (and each user's
 * seen items), or — for CaseQ's protocol — the id/ood examples of the temporal-gap split, which has
 * no test examples (the spec never combines the two): all its users.
 */
record EvaluationTargets(List<Example> test, List<Set<Integer>> seen, TemporalGapProtocol.Split gap) {

    static EvaluationTargets of(PreparedData data, EvaluationSpec spec, int historyLength, long seed) {
        List<Example> test = data.testSample(historyLength, spec.maxUsers(), seed);
        TemporalGapProtocol.Split gap = spec.protocols().contains(TemporalGapProtocol.NAME)
                ? data.temporalGap(historyLength) : null;
        return new EvaluationTargets(test, test.stream().map(e -> data.seen(e.user())).toList(), gap);
    }

    /** The sampled validation examples, for the candidate's {@code validation} row. */
    static EvaluationTargets validation(PreparedData data, EvaluationSpec spec, int historyLength, long seed) {
        List<Example> validation = data.validationSample(historyLength, spec.maxUsers(), seed);
        return new EvaluationTargets(validation, validation.stream().map(e -> data.seen(e.user())).toList(), null);
    }

    /** The users of the report's per-user values, in order. */
    List<String> users() {
        return (gap != null ? gap.inDistribution() : test).stream().map(Example::user).toList();
    }
}
