package io.recflow.api.pipelines;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
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
        collect(changes, new ArrayList<>(), paths);
        return paths;
    }

    /**
     * The dotted path of every field a spec of {@code type} has, as Jackson names it: from the type, not from a
     * written-out spec, which leaves out the fields that are written only when set (a foundation-model backbone).
     */
    public static List<String> fields(ObjectMapper json, Class<?> type) {
        List<String> fields = new ArrayList<>();
        collectFields(json, json.constructType(type), "", fields);
        return List.copyOf(fields);
    }

    private static void collectFields(ObjectMapper json, JavaType type, String prefix, List<String> into) {
        for (BeanPropertyDefinition property : json.getSerializationConfig().introspect(type).findProperties()) {
            JavaType propertyType = property.getPrimaryType();
            if (propertyType.getRawClass().isRecord()) {  // a section: its own fields
                collectFields(json, propertyType, prefix + property.getName() + ".", into);
            } else {
                into.add(prefix + property.getName());
            }
        }
    }

    private static void collect(JsonNode node, List<String> prefix, Map<String, JsonNode> paths) {
        node.fields().forEachRemaining(field -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(field.getKey());
            if (field.getValue().isObject()) {
                collect(field.getValue(), path, paths);
            } else if (!field.getValue().isNull()) {
                paths.put(String.join(".", path), field.getValue());
            }
        });
    }
}
