package io.recflow.ml.llm.gguf;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A GGUF header's key-value pairs. Values are Java objects by GGUF type: every integer type as
 * {@link Long}, f32 as {@link Float}, f64 as {@link Double}, bool, string, and arrays as lists of
 * those. The typed getters fail with a {@link GgufException} naming the key, so a converter reports
 * "missing metadata key 'llama.block_count'" rather than a NullPointerException.
 */
public final class GgufMetadata {

    private final Map<String, Object> values;

    GgufMetadata(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Object get(String key) throws GgufException {
        Object value = values.get(key);
        if (value == null) {
            throw new GgufException("missing metadata key '" + key + "'");
        }
        return value;
    }

    public String string(String key) throws GgufException {
        return as(key, String.class);
    }

    public long integer(String key) throws GgufException {
        return as(key, Long.class);
    }

    /** The integer under {@code key}, or {@code fallback} when the key is absent. */
    public long integer(String key, long fallback) throws GgufException {
        return has(key) ? integer(key) : fallback;
    }

    /** The f32 under {@code key} exactly as stored (a float widened to double would print 9.999999747378752E-6). */
    public float float32(String key) throws GgufException {
        return as(key, Float.class);
    }

    public List<String> strings(String key) throws GgufException {
        return list(key, String.class);
    }

    public List<Long> integers(String key) throws GgufException {
        return list(key, Long.class);
    }

    private <T> T as(String key, Class<T> type) throws GgufException {
        Object value = get(key);
        if (!type.isInstance(value)) {
            throw wrongType(key, type.getSimpleName(), value);
        }
        return type.cast(value);
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> list(String key, Class<T> element) throws GgufException {
        Object value = get(key);
        if (!(value instanceof List<?> list) || !list.stream().allMatch(element::isInstance)) {
            throw wrongType(key, "an array of " + element.getSimpleName(), value);
        }
        return (List<T>) list;
    }

    private static GgufException wrongType(String key, String expected, Object value) {
        return new GgufException("metadata key '" + key + "' should be " + expected + ", is "
                + value.getClass().getSimpleName());
    }
}
