package io.recflow.api.sweeps;

import java.util.List;
import java.util.Map;

/**
 * What lineage keeps of a sweep (the {@code spec} of its run row): the request as given, the settings it ran with
 * and every child's id and overrides, so the sweep can be listed and shown when Temporal no longer has it.
 */
record SweepRecord(SweepRequest request, int maxParallel, String selectBy, List<Child> children) {

    /** A row this code cannot fully read (another version wrote it, or it is damaged) still lists, with no children. */
    SweepRecord {
        children = children == null ? List.of() : children;
    }

    record Child(String runId, Map<String, Object> overrides) {
    }
}
