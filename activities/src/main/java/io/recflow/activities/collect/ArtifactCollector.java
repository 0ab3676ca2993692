package io.recflow.activities.collect;

import io.recflow.activities.lineage.LineageRows;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Garbage collection of artifacts. An artifact made before the cutoff is deleted from the store unless
 * something still needs it: it is upstream of a registered model version (what made it, through the
 * used/generated edges, however far back) or an evaluation report of the run that registered one, a step of a
 * run still in flight used or generated it, a step cache entry used since the cutoff names it, or it is an
 * imported foundation model (the rules: {@link #KEPT}). What goes: checkpoints of finished runs, the outputs of
 * failed and canceled runs and of runs whose model was never registered, results of cache entries unused since
 * the cutoff. The artifact's row stays, with
 * when and by which collection it was deleted, so lineage still tells what it was; cache entries of a deleted
 * result go with it. Writing the same content again makes the artifact live again.
 */
@ApplicationScoped
public class ArtifactCollector {

    private static final Logger LOG = Logger.getLogger(ArtifactCollector.class);
    /**
     * Artifacts re-checked by one query and deleted in one transaction: the rules' recursive query costs the
     * same for one id as for hundreds, and a batch's deletes take a second or two, as long as a step recording
     * one of them may have to wait.
     */
    private static final int RECHECK_BATCH = 200;

    /**
     * Every artifact some rule keeps, by id, as the query's {@code kept}. An evaluation report is kept when the
     * run that registered a version wrote it: other runs' steps that used a registered artifact (a fine-tune on
     * a registered base, every evaluation against the champion) keep nothing for that reason.
     */
    private static final String KEPT = """
            with recursive registered as (
                select artifact_id, run_id from model_version
            ), upstream(artifact_id) as (
                select artifact_id from registered
                union
                select u.artifact_id from upstream up
                  join generated g on g.artifact_id = up.artifact_id
                  join used u on u.step_id = g.step_id
            ), kept(artifact_id) as (
                select artifact_id from upstream
                union select g.artifact_id from registered v join step s on s.run_id = v.run_id
                       join generated g on g.step_id = s.id join artifact report on report.id = g.artifact_id
                       where report.kind = '%s'
                union select e.artifact_id from step s join pipeline_run r on r.id = s.run_id
                       join (select step_id, artifact_id from used union all select step_id, artifact_id from generated) e
                         on e.step_id = s.id
                       where r.status in ('RUNNING', 'WAITING_APPROVAL')
                union select g.artifact_id from step_cache c join generated g on g.step_id = c.step_id
                       where c.last_used_at >= :cutoff
                union select artifact_id from foundation_model
            )
            """.formatted(ArtifactKind.EVAL_REPORT);
    /** Not kept: an anti-join, which PostgreSQL hashes, where {@code not in} would compare row by row at scale. */
    private static final String NOT_KEPT = "not exists (select 1 from kept k where k.artifact_id = a.id)";

    @Inject
    EntityManager em;
    @Inject
    ArtifactStore store;

    /** What a collection with {@code cutoff} would delete, deleting nothing. */
    @Transactional
    public Collection plan(Instant cutoff) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(KEPT + """
                        select a.id, a.kind, a.uri, a.sha256, a.size, a.created_at,
                               (select string_agg(distinct s.run_id, ',') from generated g join step s on s.id = g.step_id
                                 where g.artifact_id = a.id),
                               (select string_agg(distinct r.status, ',') from generated g join step s on s.id = g.step_id
                                  join pipeline_run r on r.id = s.run_id where g.artifact_id = a.id)
                          from artifact a
                         where a.deleted_at is null and a.created_at < :cutoff
                           and\s""" + NOT_KEPT + """
                         order by a.id""")
                .setParameter("cutoff", Timestamp.from(cutoff)).getResultList();
        List<CollectableArtifact> artifacts = new ArrayList<>();
        for (Object[] row : rows) {
            String kind = (String) row[1];
            ArtifactRef ref = new ArtifactRef((String) row[2], (String) row[3], ((Number) row[4]).longValue(), kind);
            artifacts.add(new CollectableArtifact(((Number) row[0]).longValue(), ref, LineageRows.instant(row[5]),
                    (String) row[6], why(kind, (String) row[7])));
        }
        return new Collection(true, cutoff, artifacts);
    }

    /**
     * Deletes what {@link #plan} finds now, {@value #RECHECK_BATCH} artifacts at a time ({@link #collectBatch});
     * {@code by} names the collection in lineage. A delete the store refuses stops the collection, after what
     * it deleted before is marked.
     */
    public Collection collect(Instant cutoff, String by) {
        List<CollectableArtifact> deleted = new ArrayList<>();
        List<CollectableArtifact> artifacts = plan(cutoff).artifacts();
        for (int from = 0; from < artifacts.size(); from += RECHECK_BATCH) {
            Batch batch = collectBatch(artifacts.subList(from, Math.min(artifacts.size(), from + RECHECK_BATCH)),
                    cutoff, by);
            deleted.addAll(batch.deleted());
            if (batch.failure() != null) {
                throw new IllegalStateException(by + " deleted " + deleted.size() + " artifacts, then stopped: "
                        + batch.failure().getMessage(), batch.failure());
            }
        }
        Collection done = new Collection(false, cutoff, deleted);
        LOG.infof("%s: deleted %d artifacts (%d bytes) made before %s", by, deleted.size(), done.bytes(), cutoff);
        return done;
    }

    /** What one batch deleted, and the store's error that stopped it, if one did. */
    record Batch(List<CollectableArtifact> deleted, RuntimeException failure) {
    }

    /**
     * Deletes the artifacts of {@code batch} that no rule keeps now (a run started since the plan may have
     * recorded the same content), and marks them, in one transaction that locks their rows from the check on:
     * a step recording one of them meanwhile (a read, or a write of the same bytes; both update the row) waits
     * for it, and then finds it deleted, so a write stores the object again and a read fails, where it would
     * otherwise record an artifact whose object this goes on to delete.
     */
    @Transactional
    Batch collectBatch(List<CollectableArtifact> batch, Instant cutoff, String by) {
        List<Long> ids = batch.stream().map(CollectableArtifact::id).toList();
        em.createNativeQuery("select id from artifact where id in (:ids) order by id for update")
                .setParameter("ids", ids).getResultList();
        Set<Long> still = stillCollectable(ids, cutoff);
        List<CollectableArtifact> deleted = new ArrayList<>();
        for (CollectableArtifact artifact : batch) {
            if (still.contains(artifact.id())) {
                try {
                    store.delete(artifact.ref());
                } catch (RuntimeException e) {
                    return new Batch(deleted, e);
                }
                markDeleted(artifact.id(), by);
                deleted.add(artifact);
            }
        }
        return new Batch(deleted, null);
    }

    /** Which of {@code artifactIds} no rule keeps now. */
    private Set<Long> stillCollectable(List<Long> artifactIds, Instant cutoff) {
        Set<Long> ids = new HashSet<>();
        for (Object id : em.createNativeQuery(KEPT + "select a.id from artifact a where a.id in (:ids)"
                        + " and a.deleted_at is null and " + NOT_KEPT)
                .setParameter("ids", artifactIds).setParameter("cutoff", Timestamp.from(cutoff)).getResultList()) {
            ids.add(((Number) id).longValue());
        }
        return ids;
    }

    private void markDeleted(long artifactId, String by) {
        em.createNativeQuery("update artifact set deleted_at = now(), deleted_by = :by where id = :id")
                .setParameter("by", by).setParameter("id", artifactId).executeUpdate();
        em.createNativeQuery("delete from step_cache where step_id in"
                        + " (select step_id from generated where artifact_id = :id)")
                .setParameter("id", artifactId).executeUpdate();
    }

    private static String why(String kind, String runStatuses) {
        if (ArtifactKind.CHECKPOINT.equals(kind)) {
            return "a checkpoint of a finished run";
        }
        if (runStatuses == null) {
            return "an input no registered model version was made from";
        }
        if (!runStatuses.contains("COMPLETED")) {
            return "made by a run that ended " + runStatuses.replace(",", " or ");
        }
        return "no registered model version was made from it";
    }
}
