package io.recflow.api.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Says what is wrong with a request body Jackson could not read, and where: the line and column, and for
 * a field its JSON path as the spec rules name fields ({@code training.pretrainEpoch}, {@code history[2]}).
 * A field the request has no place for is named with the valid name it most likely meant.
 */
final class UnreadableBody {

    /** What a Java type is called in JSON terms. */
    private static final Map<Class<?>, String> KINDS = Map.of(
            Integer.class, "an integer", Long.class, "an integer", Short.class, "an integer",
            Double.class, "a number", Float.class, "a number",
            Boolean.class, "true or false", String.class, "a string");

    private UnreadableBody() {
    }

    static ProblemException of(JsonProcessingException e) {
        if (e instanceof PropertyBindingException unknown) {
            return unknownField(unknown);
        }
        if (e instanceof MismatchedInputException mismatch) {
            String path = path(mismatch);
            if (path.isEmpty()) {  // the body as a whole: another type, or more than one value (trailing tokens)
                return new ProblemException(400, "Unreadable JSON", "the request body" + at(e.getLocation())
                        + " must be " + kind(mismatch.getTargetType()) + ": one JSON value, nothing after it",
                        List.of());
            }
            String message = "must be " + kind(mismatch.getTargetType())
                    + (mismatch instanceof InvalidFormatException format ? ", not " + quoted(format.getValue()) : "");
            return new ProblemException(400, "Invalid field", "field '" + path + "'" + at(e.getLocation()) + " "
                    + message, List.of(path + ": " + message));
        }
        return new ProblemException(400, "Unreadable JSON", "the request body is not valid JSON for this endpoint"
                + at(e.getLocation()) + ": " + e.getOriginalMessage(), List.of());
    }

    private static ProblemException unknownField(PropertyBindingException e) {
        Collection<String> known = new TreeSet<>();
        e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
        String hint = NearestName.to(e.getPropertyName(), known)
                .map(name -> "did you mean '" + name + "'?")
                .orElse("the fields here are " + known);
        String path = path(e);
        return new ProblemException(400, "Unknown field", "unknown field '" + path + "'" + at(e.getLocation()) + ": "
                + hint, List.of(path + ": unknown field; " + hint));
    }

    /** {@code a.b[2].c}: the references Jackson followed to the field at fault. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isPrimitive()) {
            return type == boolean.class ? "true or false" : "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return KINDS.getOrDefault(type, "an object");
    }

    private static String quoted(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }
}
