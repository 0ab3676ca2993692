package io.recflow.activities.lineage;

import io.recflow.workflows.pipeline.PipelineStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@code pipeline_run} table: runs, their idempotency keys and statuses; every write idempotent. */
@ApplicationScoped
@Transactional
public class RunRecords {

    @Inject
    EntityManager em;

    /**
     * Records a new run unless a run with the same id or the same idempotency key exists; returns the
     * run that owns the request. Concurrent calls with one idempotency key agree on a single run.
     */
    public RunClaim createRun(NewRun run) {
        Objects.requireNonNull(run.id(), "run id");
        List<?> inserted = em.createNativeQuery("""
                        insert into pipeline_run (id, model, spec, seed, status, idempotency_key, started_by, kind,
                                                  sweep_id, requested_spec)
                        values (:id, cast(:model as text),
                                coalesce(cast(:spec as jsonb), '{}'::jsonb), cast(:seed as bigint), :status,
                                cast(:key as text), cast(:startedBy as text), :kind, cast(:sweepId as text),
                                cast(:requestedSpec as jsonb))
                        on conflict do nothing
                        returning id""")
                .setParameter("id", run.id())
                .setParameter("model", run.model())
                .setParameter("spec", run.specJson())
                .setParameter("seed", run.seed())
                .setParameter("status", PipelineStatus.RUNNING.name())
                .setParameter("key", run.idempotencyKey())
                .setParameter("startedBy", run.startedBy())
                .setParameter("kind", run.kind())
                .setParameter("sweepId", run.sweepId())
                .setParameter("requestedSpec", run.requestedSpecJson())
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

    /**
     * Removes the row of a run whose workflow did not start (Temporal refused the start or could not be reached):
     * lineage keeps no run that never ran, and its idempotency key is free for the retry. Only a row nothing has
     * written to since it was created: a workflow that started after all (its start reported as failed) has recorded
     * its start, and that row stays.
     */
    public void discardUnstarted(String runId) {
        em.createNativeQuery("""
                        delete from pipeline_run r
                         where r.id = :id and r.temporal_run_id is null and r.status = :status
                           and r.updated_at = r.started_at
                           and not exists (select 1 from step s where s.run_id = r.id)""")
                .setParameter("id", runId).setParameter("status", PipelineStatus.RUNNING.name()).executeUpdate();
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

    /**
     * Marks the run RUNNING as {@link #updateRunStatus} does, first writing its row if nobody did (a run a schedule
     * started): what a row already says about the model, spec, seed and who started it is kept.
     */
    public void recordStart(String runId, String model, String specJson, Long seed, String startedBy) {
        em.createNativeQuery("""
                        insert into pipeline_run (id, model, spec, seed, status, started_by, kind)
                        values (:id, :model, cast(:spec as jsonb), cast(:seed as bigint), :status, cast(:startedBy as text),
                                :kind)
                        on conflict (id) do update
                           set status = excluded.status,
                               message = null,
                               ended_at = null,
                               updated_at = now()
                         where pipeline_run.status not in ('COMPLETED', 'FAILED', 'CANCELED')""")
                .setParameter("id", runId)
                .setParameter("model", model)
                .setParameter("spec", specJson)
                .setParameter("seed", seed)
                .setParameter("status", PipelineStatus.RUNNING.name())
                .setParameter("startedBy", startedBy)
                .setParameter("kind", NewRun.PIPELINE)
                .executeUpdate();
    }

    /** Closes a run whose row is still open with {@code status} (final); a closed or missing row stays as it is. */
    public void closeIfOpen(String runId, PipelineStatus status, String message) {
        em.createNativeQuery("""
                        update pipeline_run set status = :status, message = cast(:message as text),
                               ended_at = coalesce(ended_at, now()), updated_at = now()
                         where id = :id and status not in ('COMPLETED', 'FAILED', 'CANCELED')""")
                .setParameter("id", runId).setParameter("status", status.name()).setParameter("message", message)
                .executeUpdate();
    }

    public Optional<PipelineRunEntity> run(String runId) {
        return Optional.ofNullable(em.find(PipelineRunEntity.class, runId));
    }

    public Optional<String> runIdForKey(String idempotencyKey) {
        return em.createQuery("select id from PipelineRunEntity where idempotencyKey = :key", String.class)
                .setParameter("key", idempotencyKey).getResultStream().findFirst();
    }

    /** The newest pipeline runs (not sweeps, not foundation-model imports), optionally with one status. */
    public List<PipelineRunEntity> runs(String status, int limit) {
        return runs(NewRun.PIPELINE, status, limit);
    }

    /** The newest runs of {@code kind} ({@link NewRun#PIPELINE}, {@link NewRun#SWEEP}), optionally with one status. */
    public List<PipelineRunEntity> runs(String kind, String status, int limit) {
        return em.createQuery("from PipelineRunEntity where kind = :kind and (:status is null or status = :status)"
                        + " order by startedAt desc, id", PipelineRunEntity.class)
                .setParameter("kind", kind).setParameter("status", status)
                .setMaxResults(LineageRows.clampLimit(limit)).getResultList();
    }

    /**
     * Pipeline and sweep rows still open (running or waiting for approval) that nothing has written to since
     * {@code before}, oldest first.
     */
    public List<PipelineRunEntity> openRuns(Instant before) {
        return em.createQuery("from PipelineRunEntity where kind in :kinds and status in :open and updatedAt < :before"
                        + " order by startedAt, id", PipelineRunEntity.class)
                .setParameter("kinds", List.of(NewRun.PIPELINE, NewRun.SWEEP))
                .setParameter("open", List.of(PipelineStatus.RUNNING.name(), PipelineStatus.WAITING_APPROVAL.name()))
                .setParameter("before", before).getResultList();
    }
}
