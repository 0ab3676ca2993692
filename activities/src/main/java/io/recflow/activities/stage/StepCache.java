package io.recflow.activities.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.activities.lineage.PipelineRunEntity;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.spec.CacheSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code step_cache} table: completed results by {@link StepCacheKey}. An entry is written only once its
 * result is complete — a step's when the step completed, a fine-tune's pre-trained base ({@code pretrain}) as
 * soon as it is stored, before the adapters train on it — so a failed or partial result is never reused; two
 * runs that compute the same key at once both compute, and the later entry replaces the earlier one (both are
 * complete: artifacts are content-addressed, so equal results name equal objects). A hit is used only when every
 * artifact its result names is still in the store (the object's name is its content's sha256).
 */
@ApplicationScoped
@Transactional
public class StepCache {

    @Inject
    EntityManager em;
    @Inject
    RunRecords runs;
    @Inject
    ArtifactStore store;

    /** A reusable result: the step that computed it, and the result as that step returned it. */
    public record Hit<T>(long stepId, T result, List<ArtifactRef> artifacts) {
    }

    /** Whether the run may reuse an earlier result for {@code stage}, by its spec's {@code cache} section. */
    public boolean reuses(String runId, String stage) {
        Object section = runs.run(runId).map(PipelineRunEntity::getSpec).map(spec -> spec.get("cache")).orElse(null);
        CacheSpec cache = section == null ? CacheSpec.of(true)
                : StepCacheKey.CANONICAL.convertValue(section, CacheSpec.class);
        return cache.reuses(stage);
    }

    /** The result stored under {@code key}, when there is one whose artifacts are all still in the store. */
    public <T> Optional<Hit<T>> find(StepCacheKey key, Class<T> type) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select step_id, cast(result as text) from step_cache where cache_key = :key")
                .setParameter("key", key.toString()).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode result = StepCacheKey.CANONICAL.readTree((String) rows.get(0)[1]);
            List<ArtifactRef> artifacts = new ArrayList<>();
            collectArtifacts(result, artifacts);
            if (!artifacts.stream().allMatch(store::exists)) {
                return Optional.empty();  // e.g. collected since: compute again (and the entry is replaced)
            }
            return Optional.of(new Hit<>(((Number) rows.get(0)[0]).longValue(),
                    StepCacheKey.CANONICAL.treeToValue(result, type), artifacts));
        } catch (JsonProcessingException e) {
            return Optional.empty();  // a result this code cannot read any more: compute again
        }
    }

    /** Enters a completed step's result under {@code key}, replacing an earlier step's entry. */
    public void remember(StepCacheKey key, long stepId, Object result) {
        em.createNativeQuery("""
                        insert into step_cache (cache_key, stage, step_id, result)
                        values (:key, :stage, :step, cast(:result as jsonb))
                        on conflict (cache_key) do update set step_id = excluded.step_id, result = excluded.result,
                                                             created_at = now(), last_used_at = now()
                         where step_cache.step_id <> excluded.step_id""")
                .setParameter("key", key.toString()).setParameter("stage", key.stage()).setParameter("step", stepId)
                .setParameter("result", json(result)).executeUpdate();
    }

    /** Notes that the entry was just reused (what garbage collection keeps). */
    public void touch(StepCacheKey key) {
        em.createNativeQuery("update step_cache set last_used_at = now() where cache_key = :key")
                .setParameter("key", key.toString()).executeUpdate();
    }

    private static String json(Object result) {
        try {
            return StepCacheKey.CANONICAL.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the step's result in the cache: " + e.getMessage(), e);
        }
    }

    /** Every artifact reference in a result: objects with a uri, sha256 and kind, at any depth. */
    private static void collectArtifacts(JsonNode node, List<ArtifactRef> into) {
        if (node.isObject() && node.has("uri") && node.has("sha256") && node.has("kind")) {
            into.add(new ArtifactRef(node.get("uri").asText(), node.get("sha256").asText(),
                    node.path("size").asLong(), node.get("kind").asText()));
            return;
        }
        node.forEach(child -> collectArtifacts(child, into));
    }
}
