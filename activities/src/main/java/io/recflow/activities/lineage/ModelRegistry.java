package io.recflow.activities.lineage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The model registry: numbered versions of a model (each one model artifact), movable aliases such as
 * {@code champion}, and the append-only history of alias moves for audit and rollback. Writes for one
 * model are serialised by a transaction-scoped advisory lock, so concurrent registrations get distinct,
 * gap-free version numbers; the unique constraints back this up.
 */
@ApplicationScoped
@Transactional
public class ModelRegistry {

    public static final String CHAMPION = "champion";
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    @Inject
    EntityManager em;

    /**
     * Registers the artifact as the next version of {@code model}, or returns the version it already
     * is (registering one artifact twice yields one version). {@code runId} may be null.
     */
    public ModelVersionEntity registerVersion(String model, long artifactId, String runId, Map<String, ?> metrics) {
        requireModel(model);
        lock(model);
        Optional<ModelVersionEntity> existing = em.createQuery(
                        "from ModelVersionEntity where model = :model and artifactId = :artifact", ModelVersionEntity.class)
                .setParameter("model", model).setParameter("artifact", artifactId).getResultStream().findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        if (em.find(ArtifactEntity.class, artifactId) == null) {
            throw new LineageNotFoundException("no artifact " + artifactId + " to register as a version of " + model);
        }
        if (runId != null && em.find(PipelineRunEntity.class, runId) == null) {
            throw new LineageNotFoundException("no pipeline run " + runId + " to register a version of " + model + " from");
        }
        Object id = em.createNativeQuery("""
                        insert into model_version (model, version, artifact_id, run_id, metrics)
                        select :model, coalesce(max(version), 0) + 1, :artifact, cast(:run as text), cast(:metrics as jsonb)
                          from model_version where model = :model
                        returning id""")
                .setParameter("model", model)
                .setParameter("artifact", artifactId)
                .setParameter("run", runId)
                .setParameter("metrics", LineageRows.json(metrics))
                .getSingleResult();
        return em.find(ModelVersionEntity.class, ((Number) id).longValue());
    }

    public Optional<ModelVersionEntity> version(String model, int version) {
        return em.createQuery("from ModelVersionEntity where model = :model and version = :version", ModelVersionEntity.class)
                .setParameter("model", model).setParameter("version", version).getResultStream().findFirst();
    }

    /** The version a pipeline run registered, if it did (a run registers at most one). */
    public Optional<ModelVersionEntity> registeredBy(String runId) {
        return em.createQuery("from ModelVersionEntity where runId = :run order by version desc", ModelVersionEntity.class)
                .setParameter("run", runId).getResultStream().findFirst();
    }

    /** A page of a model's versions, newest first: at most {@code limit}, below {@code before} when given. */
    public List<ModelVersionEntity> versions(String model, Integer before, int limit) {
        return newestFirst(ModelVersionEntity.class, "version", model, before, limit);
    }

    public long versionCount(String model) {
        return countOf(ModelVersionEntity.class, model);
    }

    /** The version an alias points to. */
    public Optional<ModelVersionEntity> aliased(String model, String alias) {
        return em.createQuery("""
                        select v from ModelVersionEntity v, AliasEntity a
                         where a.model = :model and a.name = :alias and v.model = a.model and v.version = a.version""",
                        ModelVersionEntity.class)
                .setParameter("model", model).setParameter("alias", alias).getResultStream().findFirst();
    }

    /** The version serving as {@value #CHAMPION}. */
    public Optional<ModelVersionEntity> champion(String model) {
        return aliased(model, CHAMPION);
    }

    /** Every model's {@value #CHAMPION}, by model name, in one query (serving looks every few seconds). */
    public Map<String, ModelVersionEntity> champions() {
        Map<String, ModelVersionEntity> result = new LinkedHashMap<>();
        em.createQuery("""
                        select v from ModelVersionEntity v, AliasEntity a
                         where a.name = :alias and v.model = a.model and v.version = a.version order by v.model""",
                        ModelVersionEntity.class)
                .setParameter("alias", CHAMPION).getResultStream().forEach(v -> result.put(v.getModel(), v));
        return result;
    }

    /** Alias name -> version for one model. */
    public Map<String, Integer> aliases(String model) {
        Map<String, Integer> result = new LinkedHashMap<>();
        em.createQuery("from AliasEntity where model = :model order by name", AliasEntity.class)
                .setParameter("model", model).getResultList()
                .forEach(a -> result.put(a.getName(), a.getVersion()));
        return result;
    }

    /**
     * Points {@code alias} of {@code model} at {@code version} and appends the audit event, in one
     * transaction. Moving an alias to where it already points changes nothing and writes no event.
     * Rolling back is moving the alias to an older version.
     */
    public AliasMove moveAlias(String model, String alias, int version, String actor, String reason) {
        return move(model, alias, version, actor, reason, false, null, null).orElseThrow();
    }

    /**
     * Moves the alias as {@link #moveAlias} does, once per {@code requestId} (null: no such guard): a request that
     * moved it before gets that move back, changing nothing, wherever the alias points now.
     */
    public AliasMove moveAliasOnce(String model, String alias, int version, String actor, String reason,
                                   String requestId) {
        return move(model, alias, version, actor, reason, false, null, requestId).orElseThrow();
    }

    /**
     * Moves the alias as {@link #moveAliasOnce} does, but only from {@code expectedFrom} (null: from nowhere); empty,
     * changing nothing, when it points elsewhere now. Already at {@code version}, it is a repeated move.
     */
    public Optional<AliasMove> moveAliasFrom(String model, String alias, Integer expectedFrom, int version,
                                             String actor, String reason, String requestId) {
        return move(model, alias, version, actor, reason, true, expectedFrom, requestId);
    }

    private Optional<AliasMove> move(String model, String alias, int version, String actor, String reason,
                                     boolean fromOnly, Integer expectedFrom, String requestId) {
        requireModel(model);
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("alias must be letters, digits, '.', '_' or '-' (at most 63): " + alias);
        }
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("an alias move needs an actor (who decided)");
        }
        lock(model);
        if (requestId != null) {
            Optional<AliasEventEntity> done = em.createQuery("from AliasEventEntity where requestId = :request",
                    AliasEventEntity.class).setParameter("request", requestId).getResultStream().findFirst();
            if (done.isPresent()) {
                AliasEventEntity e = done.get();
                return Optional.of(new AliasMove(model, alias, e.getFromVersion(), e.getToVersion(), true, e));
            }
        }
        if (version(model, version).isEmpty()) {
            throw new LineageNotFoundException("model " + model + " has no version " + version);
        }
        List<?> current = em.createNativeQuery("select version from alias where model = :model and name = :alias")
                .setParameter("model", model).setParameter("alias", alias).getResultList();
        Integer from = current.isEmpty() ? null : ((Number) current.get(0)).intValue();
        if (from != null && from == version) {
            return Optional.of(new AliasMove(model, alias, from, version, false, null));
        }
        if (fromOnly && !Objects.equals(from, expectedFrom)) {
            return Optional.empty();
        }
        em.createNativeQuery("""
                        insert into alias (model, name, version) values (:model, :alias, :version)
                        on conflict (model, name) do update set version = excluded.version, updated_at = now()""")
                .setParameter("model", model).setParameter("alias", alias).setParameter("version", version)
                .executeUpdate();
        Object id = em.createNativeQuery("""
                        insert into alias_event (model, alias, from_version, to_version, actor, reason, request_id)
                        values (:model, :alias, cast(:from as integer), :to, :actor, cast(:reason as text),
                                cast(:request as text))
                        returning id""")
                .setParameter("model", model).setParameter("alias", alias).setParameter("from", from)
                .setParameter("to", version).setParameter("actor", actor).setParameter("reason", reason)
                .setParameter("request", requestId)
                .getSingleResult();
        AliasEventEntity event = em.find(AliasEventEntity.class, ((Number) id).longValue());
        return Optional.of(new AliasMove(model, alias, from, version, true, event));
    }

    /** The newest move of an alias of a model to {@code version}, if it ever moved there. */
    public Optional<AliasEventEntity> lastMoveTo(String model, String alias, int version) {
        return em.createQuery("from AliasEventEntity where model = :model and alias = :alias and toVersion = :version"
                        + " order by id desc", AliasEventEntity.class)
                .setParameter("model", model).setParameter("alias", alias).setParameter("version", version)
                .setMaxResults(1).getResultStream().findFirst();
    }

    /**
     * A page of the moves of every alias of a model, newest first: at most {@code limit}, older than the move
     * with id {@code before} when given.
     */
    public List<AliasEventEntity> aliasMoves(String model, Long before, int limit) {
        return newestFirst(AliasEventEntity.class, "id", model, before, limit);
    }

    public long aliasMoveCount(String model) {
        return countOf(AliasEventEntity.class, model);
    }

    /** A page of a model's rows of {@code entity} in descending {@code order}, below {@code before} when given. */
    private <T> List<T> newestFirst(Class<T> entity, String order, String model, Number before, int limit) {
        return em.createQuery("from " + entity.getSimpleName() + " where model = :model and (:before is null or "
                        + order + " < :before) order by " + order + " desc", entity)
                .setParameter("model", model).setParameter("before", before).setMaxResults(limit).getResultList();
    }

    private long countOf(Class<?> entity, String model) {
        return em.createQuery("select count(*) from " + entity.getSimpleName() + " where model = :model", Long.class)
                .setParameter("model", model).getSingleResult();
    }

    /** Every registered model with its newest version and aliases, by name. */
    public List<ModelSummary> models() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select model, max(version), count(*), max(created_at) from model_version
                         group by model order by model""").getResultList();
        Map<String, Map<String, Integer>> aliases = new LinkedHashMap<>();
        em.createQuery("from AliasEntity order by model, name", AliasEntity.class).getResultList()
                .forEach(a -> aliases.computeIfAbsent(a.getModel(), k -> new LinkedHashMap<>()).put(a.getName(), a.getVersion()));
        List<ModelSummary> result = new ArrayList<>();
        for (Object[] r : rows) {
            String name = (String) r[0];
            result.add(new ModelSummary(name, ((Number) r[1]).intValue(), ((Number) r[2]).longValue(),
                    aliases.getOrDefault(name, Map.of()), LineageRows.instant(r[3])));
        }
        return result;
    }

    /** Serialises registry writes for one model until the transaction ends. */
    private void lock(String model) {
        em.createNativeQuery("select count(*) from pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "recflow.model:" + model).getSingleResult();
    }

    private static void requireModel(String model) {
        Objects.requireNonNull(model, "model");
        if (model.isBlank() || model.length() > 200) {
            throw new IllegalArgumentException("model name must be 1..200 characters: '" + model + "'");
        }
    }
}
