package io.recflow.workflows.spec;

import lombok.Builder;
import lombok.extern.jackson.Jacksonized;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How candidates and baselines are evaluated; every model is scored on the same split and seeds.
 *
 * @param protocols      from {@link #PROTOCOLS}; {@code temporal-gap} needs the temporal-gap data split, the
 *                       others a split with test examples. Default: what the data split serves
 * @param beamSize       beam width of trie-constrained decoding ({@code full-ranking})
 * @param maxUsers       test users evaluated (a deterministic sample when there are more); 0 = all.
 *                       {@code temporal-gap} evaluates every user long enough for its lapse
 * @param candidateCount candidates per user in the {@code candidates} protocol (target + negatives)
 * @param candidateDraws independent candidate draws averaged in the {@code candidates} protocol
 * @param validation     also score the candidate on the validation targets (the report's {@code validation}
 *                       row), under the protocols that have them: what sweeps choose their best child by,
 *                       keeping the test numbers for the promotion gate. Default false (it costs a second
 *                       scoring of the candidate)
 */
@Builder(toBuilder = true)
@Jacksonized
public record EvaluationSpec(List<String> protocols, Integer beamSize, Integer maxUsers, Integer candidateCount,
                             Integer candidateDraws, Boolean validation) {

    /** The protocols scored on a split's test examples. */
    public static final List<String> TEST_EXAMPLE_PROTOCOLS = List.of("full-ranking", "candidates");
    /** CaseQ's protocol: scored on the in- and out-of-distribution examples of the temporal-gap split. */
    public static final String TEMPORAL_GAP = DataSpec.TEMPORAL_GAP;
    public static final List<String> PROTOCOLS = List.of("full-ranking", "candidates", TEMPORAL_GAP);
    /**
     * What a foundation-model candidate is scored with: it names one of the candidates its prompt lists (LLaRA's
     * protocol); ranking the whole catalogue would mean a prompt per item and user.
     */
    public static final List<String> LANGUAGE_MODEL_PROTOCOLS = List.of("candidates");
    /**
     * The scores each protocol reports per user for every model, higher being better: what a promotion gate (a
     * paired test on per-user values) and a sweep's selection may name as {@code protocol/metric}. The protocols
     * also report spreads and drops, which are not scores to maximise.
     */
    public static final Map<String, List<String>> SCORES = Map.of(
            "full-ranking", List.of("Recall@1", "Recall@5", "Recall@10", "NDCG@5", "NDCG@10"),
            "candidates", List.of("HR@1"),
            TEMPORAL_GAP, List.of("HR@10-id", "NDCG@10-id", "HR@10-ood", "NDCG@10-ood"));
    /** A foundation-model candidate's score under {@code candidates} besides HR@1: its generated answers' hit rate. */
    public static final String GENERATED_HIT_RATIO = "HR@1-generated";

    public EvaluationSpec {
        protocols = SpecLists.copy(protocols);
    }

    /** @param defaultProtocols what runs when the spec names no protocol (depends on the data split) */
    EvaluationSpec withDefaults(List<String> defaultProtocols) {
        return new EvaluationSpec(protocols == null ? defaultProtocols : protocols,
                beamSize == null ? 20 : beamSize,
                maxUsers == null ? 1000 : maxUsers,
                candidateCount == null ? 20 : candidateCount,
                candidateDraws == null ? 5 : candidateDraws,
                validation != null && validation);
    }

    void validate(SpecProblems problems, DataSpec data) {
        problems.require(!protocols.isEmpty(), "evaluation.protocols", "must name at least one protocol");
        for (String protocol : protocols) {
            problems.require(protocol != null && PROTOCOLS.contains(protocol), "evaluation.protocols",
                    "unknown protocol '" + protocol + "', known: " + PROTOCOLS);
            if (TEMPORAL_GAP.equals(protocol)) {
                problems.require(!data.hasTestExamples(), "evaluation.protocols",
                        "temporal-gap needs data.split temporal-gap, not " + data.split());
            } else if (protocol != null && TEST_EXAMPLE_PROTOCOLS.contains(protocol)) {
                problems.require(data.hasTestExamples(), "evaluation.protocols", protocol
                        + " needs a split with test examples (data.split auto, leave-one-out or predefined);"
                        + " the temporal-gap split has only in- and out-of-distribution examples");
            }
        }
        problems.require(beamSize >= 1 && beamSize <= 200, "evaluation.beamSize", "must be in 1..200");
        problems.require(maxUsers >= 0, "evaluation.maxUsers", "must be 0 (all) or more");
        problems.require(candidateCount >= 2 && candidateCount <= 1000, "evaluation.candidateCount", "must be in 2..1000");
        problems.require(candidateDraws >= 1 && candidateDraws <= 100, "evaluation.candidateDraws", "must be in 1..100");
        problems.require(!validation || protocols.stream().anyMatch(p -> p != null && TEST_EXAMPLE_PROTOCOLS.contains(p)),
                "evaluation.validation", "needs a protocol scored on validation targets " + TEST_EXAMPLE_PROTOCOLS
                        + "; temporal-gap has none");
    }

    /**
     * Why {@code metric} cannot be chosen by, or null when it names a score ({@link #SCORES}) of a protocol this
     * evaluation runs. {@code scoredOn}: the protocols whose rows hold the scores meant (all of them, or those
     * with validation targets).
     */
    public String metricProblem(String metric, List<String> scoredOn, boolean languageModel) {
        int slash = metric == null ? -1 : metric.indexOf('/');
        String protocol = slash < 0 ? "" : metric.substring(0, slash);
        List<String> usable = protocols.stream().filter(p -> p != null && scoredOn.contains(p)).toList();
        if (!usable.contains(protocol)) {
            return "must be 'protocol/metric' with a protocol the evaluation runs " + usable + ", not '" + metric + "'";
        }
        List<String> scores = new ArrayList<>(SCORES.get(protocol));
        if (languageModel && LANGUAGE_MODEL_PROTOCOLS.contains(protocol)) {
            scores.add(GENERATED_HIT_RATIO);
        }
        String name = metric.substring(slash + 1);
        return scores.contains(name) ? null
                : "'" + name + "' is not a score " + protocol + " reports for every model; one of " + scores;
    }

    void validateForLanguageModel(SpecProblems problems) {
        for (String protocol : protocols) {
            problems.require(protocol == null || LANGUAGE_MODEL_PROTOCOLS.contains(protocol), "evaluation.protocols", protocol
                    + " is not run for a foundation-model backbone, which is scored with "
                    + LANGUAGE_MODEL_PROTOCOLS + " only");
        }
        problems.require(!validation, "evaluation.validation",
                "is not available for a foundation-model candidate yet (its evaluation scores test users only)");
    }
}
