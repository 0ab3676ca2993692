package io.recflow.api.models;

import java.util.List;
import java.util.Map;

/** A model: its versions, where its aliases point, their audit log, and what is being served. */
public record ModelView(String name, Map<String, Integer> aliases, Integer serving, List<ModelVersionView> versions,
                        List<AliasEventView> aliasHistory) {
}
