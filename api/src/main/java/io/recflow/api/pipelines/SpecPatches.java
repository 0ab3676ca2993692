package io.recflow.api.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes to a spec as JSON: a partial spec merged into a whole one (a re-run's changes, a sweep's list of
 * runs), or one field set by its dotted path (a sweep's grid).
 */
public final class SpecPatches {

    private SpecPatches() {
    }

    /** Copies the fields {@code changes} sets into {@code into}: objects field by field, anything else whole. */
    public static void merge(ObjectNode into, JsonNode changes) {
        changes.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                return;  // left out of the request
            }
            if (value.isObject() && into.get(field.getKey()) instanceof ObjectNode existing) {
                merge(existing, value);
            } else {
                into.set(field.getKey(), value);
            }
        });
    }

    /** Sets the field at {@code path} (e.g. {@code training.experts}), creating the sections on the way. */
    public static void set(ObjectNode into, String path, JsonNode value) {
        String[] names = path.split("\\.");
        ObjectNode section = into;
        for (int i = 0; i < names.length - 1; i++) {
            section = section.get(names[i]) instanceof ObjectNode existing ? existing : section.putObject(names[i]);
        }
        section.set(names[names.length - 1], value);
    }

    /** The dotted path of every field {@code changes} sets (null fields are not set), with its value. */
    public static Map<String, JsonNode> paths(JsonNode changes) {
        Map<String, JsonNode> paths = new LinkedHashMap<>();
        collect(changes, new ArrayList<>(), paths, false);
        return paths;
    }

    /** The dotted path of every field of {@code spec}, the empty (null) ones too. */
    public static List<String> fields(JsonNode spec) {
        Map<String, JsonNode> paths = new LinkedHashMap<>();
        collect(spec, new ArrayList<>(), paths, true);
        return List.copyOf(paths.keySet());
    }

    private static void collect(JsonNode node, List<String> prefix, Map<String, JsonNode> paths, boolean nulls) {
        node.fields().forEachRemaining(field -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(field.getKey());
            if (field.getValue().isObject()) {
                collect(field.getValue(), path, paths, nulls);
            } else if (nulls || !field.getValue().isNull()) {
                paths.put(String.join(".", path), field.getValue());
            }
        });
    }
}
