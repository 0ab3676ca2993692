package io.recflow.workflows.pipeline;

import java.util.List;

/**
 * How candidates and baselines are evaluated; every model is scored on the same split and seeds.
 *
 * @param protocols      from {@link #PROTOCOLS}
 * @param beamSize       beam width of trie-constrained decoding ({@code full-ranking})
 * @param maxUsers       test users evaluated (a deterministic sample when there are more); 0 = all
 * @param candidateCount candidates per user in the {@code candidates} protocol (target + negatives)
 * @param candidateDraws independent candidate draws averaged in the {@code candidates} protocol
 */
public record EvaluationSpec(List<String> protocols, Integer beamSize, Integer maxUsers, Integer candidateCount,
                             Integer candidateDraws) {

    public static final List<String> PROTOCOLS = List.of("full-ranking", "candidates");

    EvaluationSpec withDefaults() {
        return new EvaluationSpec(protocols == null ? PROTOCOLS : List.copyOf(protocols),
                beamSize == null ? 20 : beamSize,
                maxUsers == null ? 1000 : maxUsers,
                candidateCount == null ? 20 : candidateCount,
                candidateDraws == null ? 5 : candidateDraws);
    }

    void validate(SpecProblems problems) {
        problems.require(!protocols.isEmpty(), "evaluation.protocols", "must name at least one protocol");
        for (String protocol : protocols) {
            problems.require(PROTOCOLS.contains(protocol), "evaluation.protocols",
                    "unknown protocol '" + protocol + "', known: " + PROTOCOLS);
        }
        problems.require(beamSize >= 1 && beamSize <= 200, "evaluation.beamSize", "must be in 1..200");
        problems.require(maxUsers >= 0, "evaluation.maxUsers", "must be 0 (all) or more");
        problems.require(candidateCount >= 2 && candidateCount <= 1000, "evaluation.candidateCount", "must be in 2..1000");
        problems.require(candidateDraws >= 1 && candidateDraws <= 100, "evaluation.candidateDraws", "must be in 1..100");
    }
}
