package io.recflow.activities.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.pipeline.StageStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lineage writes and reads (DESIGN §5). Every write is idempotent ({@code insert ... on conflict}), so a
 * retried activity records the same rows once; reads answer upstream/downstream questions with
 * recursive CTEs bounded by a depth limit.
 */
@ApplicationScoped
@Transactional
public class LineageStore {

    /** Lineage queries never walk further than this many steps. */
    public static final int MAX_DEPTH = 50;

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Inject
    EntityManager em;

    // ---------------------------------------------------------------- artifacts

    /**
     * Records an artifact (once per uri) and returns its id. Metadata of a repeated call is merged into
     * the stored metadata (keys of the later call win).
     */
    public long recordArtifact(ArtifactRef ref, Map<String, ?> metadata) {
        Objects.requireNonNull(ref, "ref");
        Object[] row = (Object[]) em.createNativeQuery("""
                        insert into artifact (kind, uri, sha256, size, metadata)
                        values (:kind, :uri, :sha256, :size, cast(:metadata as jsonb))
                        on conflict (uri) do update set metadata = artifact.metadata || excluded.metadata
                        returning id, sha256, size""")
                .setParameter("kind", ref.kind())
                .setParameter("uri", ref.uri())
                .setParameter("sha256", ref.sha256())
                .setParameter("size", ref.size())
                .setParameter("metadata", json(metadata))
                .getSingleResult();
        if (!ref.sha256().equals(row[1]) || ref.size() != ((Number) row[2]).longValue()) {
            throw new IllegalStateException("artifact " + ref.uri() + " is recorded with sha256 " + row[1]
                    + " and size " + row[2] + ", not " + ref.sha256() + " / " + ref.size());
        }
        return ((Number) row[0]).longValue();
    }

    public long recordArtifact(ArtifactRef ref) {
        return recordArtifact(ref, Map.of());
    }

    public Optional<ArtifactEntity> artifact(long id) {
        return Optional.ofNullable(em.find(ArtifactEntity.class, id));
    }

    public Optional<ArtifactEntity> artifactByUri(String uri) {
        return em.createQuery("from ArtifactEntity where uri = :uri", ArtifactEntity.class)
                .setParameter("uri", uri).getResultStream().findFirst();
    }

    /** The newest artifacts, optionally of one kind. */
    public List<ArtifactEntity> artifacts(String kind, int limit) {
        return em.createQuery("from ArtifactEntity where (:kind is null or kind = :kind) order by id desc",
                        ArtifactEntity.class)
                .setParameter("kind", kind).setMaxResults(clampLimit(limit)).getResultList();
    }

    // ---------------------------------------------------------------- runs

    /**
     * Records a new run unless a run with the same id or the same idempotency key exists; returns the
     * run that owns the request. Concurrent calls with one idempotency key agree on a single run.
     */
    public RunClaim createRun(NewRun run) {
        Objects.requireNonNull(run.id(), "run id");
        List<?> inserted = em.createNativeQuery("""
                        insert into pipeline_run (id, temporal_run_id, model, spec, seed, status, idempotency_key)
                        values (:id, cast(:temporalRunId as text), cast(:model as text),
                                coalesce(cast(:spec as jsonb), '{}'::jsonb), cast(:seed as bigint), :status,
                                cast(:key as text))
                        on conflict do nothing
                        returning id""")
                .setParameter("id", run.id())
                .setParameter("temporalRunId", run.temporalRunId())
                .setParameter("model", run.model())
                .setParameter("spec", run.specJson())
                .setParameter("seed", run.seed())
                .setParameter("status", PipelineStatus.RUNNING.name())
                .setParameter("key", run.idempotencyKey())
                .getResultList();
        if (!inserted.isEmpty()) {
            return new RunClaim(run.id(), true);
        }
        if (run.idempotencyKey() != null) {
            Optional<String> owner = runIdForKey(run.idempotencyKey());
            if (owner.isPresent()) {
                return new RunClaim(owner.get(), false);
            }
        }
        return new RunClaim(run.id(), false);
    }

    /** Sets the Temporal run id of a run (known only after the workflow started). */
    public void setTemporalRunId(String runId, String temporalRunId) {
        int n = em.createNativeQuery("update pipeline_run set temporal_run_id = :rid, updated_at = now() where id = :id")
                .setParameter("rid", temporalRunId).setParameter("id", runId).executeUpdate();
        if (n == 0) {
            throw new LineageNotFoundException("no pipeline run " + runId);
        }
    }

    /**
     * Records the latest status of a run (creating a minimal row if the run was never recorded). A
     * final status sets {@code ended_at}; a late non-final status never overwrites a final one.
     */
    public void updateRunStatus(String runId, PipelineStatus status, String message) {
        em.createNativeQuery("""
                        insert into pipeline_run (id, status, message, ended_at)
                        values (:id, :status, cast(:message as text), case when :final then now() end)
                        on conflict (id) do update
                           set status = excluded.status,
                               message = excluded.message,
                               ended_at = case when :final then coalesce(pipeline_run.ended_at, now()) end,
                               updated_at = now()
                         where :final or pipeline_run.status not in ('COMPLETED', 'FAILED', 'CANCELED')""")
                .setParameter("id", runId)
                .setParameter("status", status.name())
                .setParameter("message", message)
                .setParameter("final", status.isFinal())
                .executeUpdate();
    }

    public Optional<PipelineRunEntity> run(String runId) {
        return Optional.ofNullable(em.find(PipelineRunEntity.class, runId));
    }

    public Optional<String> runIdForKey(String idempotencyKey) {
        return em.createQuery("select id from PipelineRunEntity where idempotencyKey = :key", String.class)
                .setParameter("key", idempotencyKey).getResultStream().findFirst();
    }

    /** The newest pipeline runs, optionally with one status. */
    public List<PipelineRunEntity> runs(String status, int limit) {
        return em.createQuery("from PipelineRunEntity where kind = 'pipeline' and (:status is null or status = :status)"
                        + " order by startedAt desc, id", PipelineRunEntity.class)
                .setParameter("status", status).setMaxResults(clampLimit(limit)).getResultList();
    }

    // ---------------------------------------------------------------- steps and edges

    /**
     * Records the start of an attempt of a stage and returns the step id; calling it again for the same
     * (run, stage, attempt) returns the same step. A run row is created if the run was never recorded.
     * Earlier attempts still marked running are closed as failed: a later attempt only starts when
     * Temporal gave up on them (their worker died, or could not record their end).
     */
    public long startStep(String runId, String stage, int attempt, String worker, String device) {
        em.createNativeQuery("insert into pipeline_run (id, status) values (:id, :status) on conflict do nothing")
                .setParameter("id", runId).setParameter("status", PipelineStatus.RUNNING.name()).executeUpdate();
        Object id = em.createNativeQuery("""
                        insert into step (run_id, stage, attempt, status, worker, device)
                        values (:run, :stage, :attempt, :status, cast(:worker as text), cast(:device as text))
                        on conflict (run_id, stage, attempt) do update
                           set worker = coalesce(excluded.worker, step.worker),
                               device = coalesce(excluded.device, step.device)
                        returning id""")
                .setParameter("run", runId)
                .setParameter("stage", stage)
                .setParameter("attempt", Math.max(1, attempt))
                .setParameter("status", StageStatus.RUNNING.name())
                .setParameter("worker", worker)
                .setParameter("device", device)
                .getSingleResult();
        em.createNativeQuery("""
                        update step set status = :failed, ended_at = coalesce(ended_at, now()),
                                        message = 'superseded by attempt ' || :attempt || ': Temporal retried it'
                         where run_id = :run and stage = :stage and attempt < :attempt and status = :running""")
                .setParameter("failed", StageStatus.FAILED.name())
                .setParameter("running", StageStatus.RUNNING.name())
                .setParameter("run", runId)
                .setParameter("stage", stage)
                .setParameter("attempt", Math.max(1, attempt))
                .executeUpdate();
        return ((Number) id).longValue();
    }

    /** Records how a step ended; repeating it with the same values changes nothing. */
    public void finishStep(long stepId, StageStatus status, String message) {
        int n = em.createNativeQuery("""
                        update step set status = :status, message = cast(:message as text),
                                        ended_at = coalesce(ended_at, now())
                         where id = :id""")
                .setParameter("status", status.name()).setParameter("message", message).setParameter("id", stepId)
                .executeUpdate();
        if (n == 0) {
            throw new LineageNotFoundException("no step " + stepId);
        }
    }

    public Optional<StepEntity> step(long stepId) {
        return Optional.ofNullable(em.find(StepEntity.class, stepId));
    }

    /** The steps of a run, in start order. */
    public List<StepEntity> steps(String runId) {
        return em.createQuery("from StepEntity where runId = :run order by startedAt, id", StepEntity.class)
                .setParameter("run", runId).getResultList();
    }

    /** The steps of a run, each with the artifacts it used and generated. */
    public List<StepArtifacts> stepsWithArtifacts(String runId) {
        List<StepEntity> steps = steps(runId);
        if (steps.isEmpty()) {
            return List.of();
        }
        List<Long> ids = steps.stream().map(StepEntity::getId).toList();
        Map<Long, List<ArtifactEntity>> used = artifactsByStep("used", ids);
        Map<Long, List<ArtifactEntity>> generated = artifactsByStep("generated", ids);
        return steps.stream().map(s -> new StepArtifacts(s, used.getOrDefault(s.getId(), List.of()),
                generated.getOrDefault(s.getId(), List.of()))).toList();
    }

    /** Records that the step read the artifact (once). */
    public void recordUsed(long stepId, long artifactId) {
        edge("used", stepId, artifactId);
    }

    /** Records that the step wrote the artifact (once). */
    public void recordGenerated(long stepId, long artifactId) {
        edge("generated", stepId, artifactId);
    }

    /** Records the artifact and that the step read it; returns the artifact id. */
    public long recordUsed(long stepId, ArtifactRef ref) {
        long artifactId = recordArtifact(ref);
        recordUsed(stepId, artifactId);
        return artifactId;
    }

    /** Records the artifact (with metadata) and that the step wrote it; returns the artifact id. */
    public long recordGenerated(long stepId, ArtifactRef ref, Map<String, ?> metadata) {
        long artifactId = recordArtifact(ref, metadata);
        recordGenerated(stepId, artifactId);
        return artifactId;
    }

    // ---------------------------------------------------------------- lineage queries

    /** What the artifact was made from: generating steps, their inputs, and so on, up to {@code depth} steps. */
    public LineageGraph upstream(long artifactId, int depth) {
        return graph(artifactId, LineageGraph.Direction.UPSTREAM, depth);
    }

    /** What was made from the artifact: consuming steps, their outputs, and so on, up to {@code depth} steps. */
    public LineageGraph downstream(long artifactId, int depth) {
        return graph(artifactId, LineageGraph.Direction.DOWNSTREAM, depth);
    }

    public LineageGraph graph(long artifactId, LineageGraph.Direction direction, int depth) {
        int limit = Math.max(0, Math.min(depth, MAX_DEPTH));
        ArtifactEntity root = artifact(artifactId)
                .orElseThrow(() -> new LineageNotFoundException("no artifact " + artifactId));
        boolean up = direction == LineageGraph.Direction.UPSTREAM;
        // Upstream: artifact <-generated- step -used-> input artifact. Downstream: the mirror image.
        String toStep = up ? "generated" : "used";
        String fromStep = up ? "used" : "generated";
        String walk = """
                with recursive walk(artifact_id, depth) as (
                    select cast(:root as bigint), 0
                  union
                    select e2.artifact_id, w.depth + 1
                      from walk w
                      join %1$s e1 on e1.artifact_id = w.artifact_id
                      join %2$s e2 on e2.step_id = e1.step_id
                     where w.depth < :limit
                ),
                nodes as (select artifact_id, min(depth) as depth from walk group by artifact_id),
                steps as (
                    select e1.step_id, min(n.depth) + 1 as depth
                      from %1$s e1 join nodes n on n.artifact_id = e1.artifact_id
                     where n.depth < :limit
                     group by e1.step_id
                )
                """.formatted(toStep, fromStep);
        @SuppressWarnings("unchecked")
        List<Object[]> nodeRows = em.createNativeQuery(walk + """
                        select 'artifact', artifact_id, depth from nodes
                        union all
                        select 'step', step_id, depth from steps""")
                .setParameter("root", artifactId).setParameter("limit", limit).getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> edgeRows = em.createNativeQuery(walk + """
                        select '%1$s', e1.step_id, e1.artifact_id
                          from %1$s e1 join steps s on s.step_id = e1.step_id
                          join nodes n on n.artifact_id = e1.artifact_id
                        union all
                        select '%2$s', e2.step_id, e2.artifact_id
                          from %2$s e2 join steps s on s.step_id = e2.step_id
                          join nodes n on n.artifact_id = e2.artifact_id
                        order by 2, 3, 1""".formatted(toStep, fromStep))
                .setParameter("root", artifactId).setParameter("limit", limit).getResultList();

        Map<Long, Integer> artifactDepth = new LinkedHashMap<>();
        Map<Long, Integer> stepDepth = new LinkedHashMap<>();
        for (Object[] r : nodeRows) {
            ("artifact".equals(r[0]) ? artifactDepth : stepDepth)
                    .put(((Number) r[1]).longValue(), ((Number) r[2]).intValue());
        }
        Map<Long, ArtifactEntity> artifacts = byId(ArtifactEntity.class, artifactDepth.keySet(), ArtifactEntity::getId);
        artifacts.put(root.getId(), root);
        Map<Long, StepEntity> steps = byId(StepEntity.class, stepDepth.keySet(), StepEntity::getId);
        Map<String, PipelineRunEntity> runs = em.createQuery("from PipelineRunEntity where id in :ids", PipelineRunEntity.class)
                .setParameter("ids", steps.values().stream().map(StepEntity::getRunId).distinct().toList())
                .getResultStream().collect(Collectors.toMap(PipelineRunEntity::getId, Function.identity()));

        List<LineageGraph.Node> nodes = new ArrayList<>();
        artifactDepth.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> nodes.add(artifactNode(artifacts.get(e.getKey()), e.getValue())));
        stepDepth.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> nodes.add(stepNode(steps.get(e.getKey()), runs, e.getValue())));
        List<LineageGraph.Edge> edges = new ArrayList<>();
        for (Object[] r : edgeRows) {
            String step = LineageGraph.stepNode(((Number) r[1]).longValue());
            String artifact = LineageGraph.artifactNode(((Number) r[2]).longValue());
            edges.add("used".equals(r[0]) ? new LineageGraph.Edge(artifact, step, "used")
                    : new LineageGraph.Edge(step, artifact, "generated"));
        }
        return new LineageGraph(artifactId, direction, limit, nodes, edges);
    }

    // ---------------------------------------------------------------- helpers

    private void edge(String table, long stepId, long artifactId) {
        em.createNativeQuery("insert into " + table + " (step_id, artifact_id) values (:step, :artifact)"
                        + " on conflict do nothing")
                .setParameter("step", stepId).setParameter("artifact", artifactId).executeUpdate();
    }

    private Map<Long, List<ArtifactEntity>> artifactsByStep(String table, List<Long> stepIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select step_id, artifact_id from " + table
                        + " where step_id in (:ids) order by artifact_id")
                .setParameter("ids", stepIds).getResultList();
        Map<Long, ArtifactEntity> artifacts = byId(ArtifactEntity.class,
                rows.stream().map(r -> ((Number) r[1]).longValue()).collect(Collectors.toSet()), ArtifactEntity::getId);
        Map<Long, List<ArtifactEntity>> result = new LinkedHashMap<>();
        for (Object[] r : rows) {
            result.computeIfAbsent(((Number) r[0]).longValue(), k -> new ArrayList<>())
                    .add(artifacts.get(((Number) r[1]).longValue()));
        }
        return result;
    }

    private <T> Map<Long, T> byId(Class<T> type, Collection<Long> ids, Function<T, Long> id) {
        if (ids.isEmpty()) {
            return new LinkedHashMap<>();
        }
        return em.createQuery("from " + type.getSimpleName() + " where id in :ids", type)
                .setParameter("ids", ids).getResultStream()
                .collect(Collectors.toMap(id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    private static LineageGraph.Node artifactNode(ArtifactEntity a, int depth) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("id", a.getId());
        attrs.put("kind", a.getKind());
        attrs.put("uri", a.getUri());
        attrs.put("sha256", a.getSha256());
        attrs.put("size", a.getSize());
        attrs.put("createdAt", String.valueOf(a.getCreatedAt()));
        attrs.put("metadata", a.getMetadata());
        return new LineageGraph.Node(LineageGraph.artifactNode(a.getId()), "artifact", depth, attrs);
    }

    private static LineageGraph.Node stepNode(StepEntity s, Map<String, PipelineRunEntity> runs, int depth) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("id", s.getId());
        attrs.put("runId", s.getRunId());
        PipelineRunEntity run = runs.get(s.getRunId());
        if (run != null) {
            attrs.put("model", run.getModel());
            attrs.put("runStatus", run.getStatus());
        }
        attrs.put("stage", s.getStage());
        attrs.put("attempt", s.getAttempt());
        attrs.put("status", s.getStatus());
        attrs.put("worker", s.getWorker());
        attrs.put("device", s.getDevice());
        attrs.put("startedAt", String.valueOf(s.getStartedAt()));
        attrs.put("endedAt", s.getEndedAt() == null ? null : s.getEndedAt().toString());
        return new LineageGraph.Node(LineageGraph.stepNode(s.getId()), "step", depth, attrs);
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
}
