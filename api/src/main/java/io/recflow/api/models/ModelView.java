package io.recflow.api.models;

import java.util.List;
import java.util.Map;

/**
 * A model: where its aliases point, what is being served, and its newest versions and alias moves (a page of
 * each; the counts say how many there are in all, {@code /versions} and {@code /alias-history} page further).
 */
public record ModelView(String name, Map<String, Integer> aliases, Integer serving, long versionCount,
                        List<ModelVersionView> versions, long aliasMoveCount, List<AliasEventView> aliasHistory) {
}
