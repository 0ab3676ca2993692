package io.recflow.activities.lineage;

import java.time.Instant;
import java.util.Map;

/** One registered model: its newest version, how many versions it has, and where its aliases point. */
public record ModelSummary(String name, int latestVersion, long versions, Map<String, Integer> aliases,
                           Instant updatedAt) {
}
