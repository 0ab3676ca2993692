package io.recflow.workflows.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Whether a run may reuse the results of earlier steps (the step cache): a stage whose cache key — its
 * request with the input artifacts' hashes, the spec section it reads, the seed and the version of its
 * code — equals a completed step's takes that step's outputs instead of computing them again. Written
 * {@code "cache": false} for a run that computes everything, or {@code {"skip": ["fine-tune"]}} to keep
 * single stages out. Only the stages in {@link #CACHEABLE} are cached: ingest always reads its source (it is
 * what learns the data's hash), evaluate scores against the champion of the moment, promote registers.
 *
 * @param enabled reuse earlier results (default true)
 * @param skip    stages that always compute, even when enabled
 */
public record CacheSpec(Boolean enabled, List<String> skip) {

    /**
     * The ids of the stages that are cached, and of all stages (as {@code pipeline.Stage} names them; that
     * package depends on this one, so they are written out here).
     */
    public static final List<String> CACHEABLE = List.of("tokenize", "fine-tune");
    private static final List<String> STAGES = List.of("ingest", "tokenize", "fine-tune", "evaluate", "promote");

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public CacheSpec(@JsonProperty("enabled") Boolean enabled, @JsonProperty("skip") List<String> skip) {
        this.enabled = enabled;
        this.skip = skip;
    }

    /** {@code "cache": true} or {@code "cache": false}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CacheSpec of(boolean enabled) {
        return new CacheSpec(enabled, null);
    }

    CacheSpec withDefaults() {
        return new CacheSpec(enabled == null || enabled, skip == null ? List.of() : SpecLists.copy(skip));
    }

    void validate(SpecProblems problems) {
        for (String stage : skip) {
            problems.require(stage != null && CACHEABLE.contains(stage), "cache.skip",
                    "'" + stage + "' is not a cached stage: one of " + String.join(", ", CACHEABLE)
                            + (stage != null && STAGES.contains(stage) ? " (the others always run)" : ""));
        }
    }

    /** Whether {@code stage} may reuse an earlier step's result (defaults filled in). */
    public boolean reuses(String stage) {
        return !Boolean.FALSE.equals(enabled) && CACHEABLE.contains(stage) && (skip == null || !skip.contains(stage));
    }
}
