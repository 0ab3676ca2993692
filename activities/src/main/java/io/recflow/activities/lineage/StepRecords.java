package io.recflow.activities.lineage;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.pipeline.StageStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code step} table and its {@code used} / {@code generated} edges to artifacts: what each attempt of
 * a stage read and wrote. Every write is idempotent, so a retried activity records the same rows once.
 */
@ApplicationScoped
@Transactional
public class StepRecords {

    /** The part of a stage's own activity; other parts run beside it (a fine-tune comparison). */
    public static final String MAIN_PART = "";

    @Inject
    EntityManager em;
    @Inject
    ArtifactRecords artifacts;

    /** {@link #startStep(String, String, String, int, String, String)} for the stage's own activity. */
    public long startStep(String runId, String stage, int attempt, String worker, String device) {
        return startStep(runId, stage, MAIN_PART, attempt, worker, device);
    }

    /**
     * Records the start of an attempt of one activity of a stage, with the code this process runs ({@link
     * PlatformBuild}), and returns the step id; calling it again for the same (run, stage, part, attempt)
     * returns the same step. A run row is created if the run was never recorded.
     * Earlier attempts of the same part still marked running are closed as failed: a later attempt only starts
     * when Temporal gave up on them (their worker died, or could not record their end).
     *
     * @param part which of the stage's activities this is: {@link #MAIN_PART} (empty) for the stage's own, e.g.
     *             {@code comparison lora} for one trained beside it
     */
    public long startStep(String runId, String stage, String part, int attempt, String worker, String device) {
        em.createNativeQuery("insert into pipeline_run (id, status) values (:id, :status) on conflict do nothing")
                .setParameter("id", runId).setParameter("status", PipelineStatus.RUNNING.name()).executeUpdate();
        Object id = em.createNativeQuery("""
                        insert into step (run_id, stage, part, attempt, status, worker, device, code_version)
                        values (:run, :stage, :part, :attempt, :status, cast(:worker as text), cast(:device as text),
                                :code)
                        on conflict (run_id, stage, part, attempt) do update
                           set worker = coalesce(excluded.worker, step.worker),
                               device = coalesce(excluded.device, step.device),
                               code_version = excluded.code_version
                        returning id""")
                .setParameter("run", runId)
                .setParameter("stage", stage)
                .setParameter("part", part)
                .setParameter("attempt", Math.max(1, attempt))
                .setParameter("status", StageStatus.RUNNING.name())
                .setParameter("worker", worker)
                .setParameter("device", device)
                .setParameter("code", PlatformBuild.current().describe())
                .getSingleResult();
        em.createNativeQuery("""
                        update step set status = :failed, ended_at = coalesce(ended_at, now()),
                                        message = 'superseded by attempt ' || :attempt || ': Temporal retried it'
                         where run_id = :run and stage = :stage and part = :part and attempt < :attempt
                           and status = :running""")
                .setParameter("failed", StageStatus.FAILED.name())
                .setParameter("running", StageStatus.RUNNING.name())
                .setParameter("run", runId)
                .setParameter("stage", stage)
                .setParameter("part", part)
                .setParameter("attempt", Math.max(1, attempt))
                .executeUpdate();
        return ((Number) id).longValue();
    }

    /**
     * Records how a running step ended; returns false, changing nothing, when the step was closed already: a later
     * attempt superseded it ({@link #startStep}), whose lineage a late end of this one must not overwrite.
     */
    public boolean finishStep(long stepId, StageStatus status, String message) {
        int n = em.createNativeQuery("""
                        update step set status = :status, message = cast(:message as text),
                                        ended_at = coalesce(ended_at, now())
                         where id = :id and status = :running""")
                .setParameter("status", status.name()).setParameter("message", message).setParameter("id", stepId)
                .setParameter("running", StageStatus.RUNNING.name()).executeUpdate();
        if (n == 0 && step(stepId).isEmpty()) {
            throw new LineageNotFoundException("no step " + stepId);
        }
        return n > 0;
    }

    /**
     * Closes a step that reused the result of step {@code fromStepId} (the step cache): status CACHED, the
     * step it took them from, and a used-edge to each reused artifact.
     */
    public void finishReused(long stepId, long fromStepId, List<ArtifactRef> reused) {
        for (ArtifactRef ref : reused) {
            recordUsed(stepId, ref);
        }
        em.createNativeQuery("""
                        update step set status = :status, cached_from_step = :from, ended_at = coalesce(ended_at, now()),
                                        message = 'reused the result of step ' || :from
                         where id = :id""")
                .setParameter("status", StageStatus.CACHED.name()).setParameter("from", fromStepId)
                .setParameter("id", stepId).executeUpdate();
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

    /**
     * Records the artifact and that the step read it; returns the artifact id. Fails if a collection deleted it
     * ({@link ArtifactRecords#recordRead}).
     */
    public long recordUsed(long stepId, ArtifactRef ref) {
        long artifactId = artifacts.recordRead(ref);
        recordUsed(stepId, artifactId);
        return artifactId;
    }

    /** Records the artifact (with metadata) and that the step wrote it; returns the artifact id. */
    public long recordGenerated(long stepId, ArtifactRef ref, Map<String, ?> metadata) {
        long artifactId = artifacts.recordArtifact(ref, metadata);
        recordGenerated(stepId, artifactId);
        return artifactId;
    }

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
        Map<Long, ArtifactEntity> byId = LineageRows.byId(em, ArtifactEntity.class,
                rows.stream().map(r -> ((Number) r[1]).longValue()).collect(Collectors.toSet()), ArtifactEntity::getId);
        Map<Long, List<ArtifactEntity>> result = new LinkedHashMap<>();
        for (Object[] r : rows) {
            result.computeIfAbsent(((Number) r[0]).longValue(), k -> new ArrayList<>())
                    .add(byId.get(((Number) r[1]).longValue()));
        }
        return result;
    }
}
