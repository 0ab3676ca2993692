package io.recflow.activities.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.recflow.activities.store.ArtifactHasher;

import java.util.Arrays;
import java.util.List;

/**
 * The step cache's key: the sha256 of everything that determines a step's result, as canonical JSON (keys
 * sorted) — the stage, the version of its semantics (raised when the same inputs would give another result),
 * its request (which holds the spec section it reads, the seed, and its input artifacts, each named by its
 * content's sha256) and whatever the step resolves outside the request (a foundation model's artifact, the
 * bytes of a given code file).
 */
public record StepCacheKey(String stage, String hash) {

    /** Canonical: the same values always give the same bytes, whatever the order fields were declared in. */
    static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .findAndAddModules()
            .build();

    /**
     * @param semantics the stage's version: raise it when its code gives other results for the same inputs
     * @param parts     the request, then what the step resolves outside it
     */
    public static StepCacheKey of(String stage, int semantics, Object... parts) {
        try {
            byte[] json = CANONICAL.writeValueAsBytes(List.of(stage, semantics, Arrays.asList(parts)));
            return new StepCacheKey(stage, ArtifactHasher.sha256(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot compute the cache key of " + stage + ": " + e.getMessage(), e);
        }
    }

    /** The key as stored: {@code <stage>:<sha256>}. */
    @Override
    public String toString() {
        return stage + ":" + hash;
    }
}
