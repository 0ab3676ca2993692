package io.recflow.api.serving;

import java.util.List;

/**
 * @param history    item ids the user interacted with, oldest first
 * @param k          how many items to return
 * @param candidates optional: rank only these item ids (e.g. what is in stock)
 */
public record RecommendationRequest(List<String> history, Integer k, List<String> candidates) {
}
