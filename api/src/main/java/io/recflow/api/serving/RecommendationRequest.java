package io.recflow.api.serving;

import java.util.List;

/**
 * @param history    item ids the user interacted with, oldest first
 * @param k          how many items to return
 * @param candidates optional: rank only these item ids (e.g. what is in stock)
 * @param method     for a model built on a language model, with candidates: {@code likelihood} (default: every
 *                   candidate ranked by its title's log-probability) or {@code generation} (LLaRA's way: the
 *                   model writes an answer, which names one candidate or is invalid)
 */
public record RecommendationRequest(List<String> history, Integer k, List<String> candidates, String method) {

    public static final String LIKELIHOOD = "likelihood";
    public static final String GENERATION = "generation";
}
