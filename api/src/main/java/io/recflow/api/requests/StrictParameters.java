package io.recflow.api.requests;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.function.Function;

/**
 * A path or query parameter that does not parse is a 400 naming the parameter and the value. Left to JAX-RS,
 * {@code ?limit=abc} and {@code /lineage/artifacts/abc} answer a bare 404, as if the resource were not there,
 * and {@code ?perUser=yes} quietly means false.
 */
@Provider
public class StrictParameters implements ParamConverterProvider {

    private record Parser(String expected, Function<String, Object> parse) {
    }

    private static final Parser INTEGER = new Parser("an integer", Integer::valueOf);
    private static final Parser LONG = new Parser("an integer", Long::valueOf);
    private static final Parser BOOLEAN = new Parser("true or false", StrictParameters::parseBoolean);
    private static final Map<Class<?>, Parser> PARSERS = Map.of(int.class, INTEGER, Integer.class, INTEGER,
            long.class, LONG, Long.class, LONG, boolean.class, BOOLEAN, Boolean.class, BOOLEAN);

    @Override
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        Parser parser = PARSERS.get(rawType);
        String parameter = parameter(annotations);
        if (parser == null || parameter == null) {
            return null;
        }
        return new ParamConverter<>() {
            @Override
            @SuppressWarnings("unchecked")  // T is the (boxed) type the parser returns
            public T fromString(String value) {
                try {
                    return (T) parser.parse().apply(value);
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException(parameter + " must be " + parser.expected() + ", not '" + value + "'");
                }
            }

            @Override
            public String toString(T value) {
                return String.valueOf(value);
            }
        };
    }

    /** How the parameter is named to the client, or null for one that is neither in the path nor the query. */
    private static String parameter(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof QueryParam query) {
                return "query parameter '" + query.value() + "'";
            }
            if (annotation instanceof PathParam path) {
                return "path parameter '" + path.value() + "'";
            }
        }
        return null;
    }

    private static Boolean parseBoolean(String value) {
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return Boolean.valueOf(value);
        }
        throw new IllegalArgumentException(value);
    }
}
