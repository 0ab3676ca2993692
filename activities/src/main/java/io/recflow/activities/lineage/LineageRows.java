package io.recflow.activities.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the lineage classes share about rows: metadata as JSON, list limits, entities by id, times. */
public final class LineageRows {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private LineageRows() {
    }

    static String json(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return "{}";
        }
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not representable as JSON: " + e.getMessage(), e);
        }
    }

    static int clampLimit(int limit) {
        return limit <= 0 ? 100 : Math.min(limit, 1000);
    }

    /** The entities of {@code type} with these ids, by id. */
    static <T> Map<Long, T> byId(EntityManager em, Class<T> type, Collection<Long> ids, Function<T, Long> id) {
        if (ids.isEmpty()) {
            return new LinkedHashMap<>();
        }
        return em.createQuery("from " + type.getSimpleName() + " where id in :ids", type)
                .setParameter("ids", ids).getResultStream()
                .collect(Collectors.toMap(id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    /** A timestamp column of a native query as an instant, whichever type the driver gave it; null for null. */
    public static Instant instant(Object column) {
        if (column instanceof Instant i) {
            return i;
        }
        if (column instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (column instanceof Timestamp t) {
            return t.toInstant();
        }
        return null;
    }
}
