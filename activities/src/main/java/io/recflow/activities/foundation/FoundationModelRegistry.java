package io.recflow.activities.foundation;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.pipeline.StageStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/**
 * Imported foundation models by name, and the lineage of an import: a run of kind
 * {@code foundation-import} with one {@code import} step that generated the model's artifact. An import
 * is recorded in one transaction after its artifact is stored, so a failed import leaves no row.
 */
@ApplicationScoped
@Transactional
public class FoundationModelRegistry {

    public static final String RUN_KIND = "foundation-import";
    public static final String STAGE = "import";

    @Inject
    EntityManager em;
    @Inject
    StepRecords steps;

    public Optional<FoundationModelEntity> find(String name) {
        return Optional.ofNullable(em.find(FoundationModelEntity.class, name));
    }

    /** The model imported from the GGUF with this sha256, under whatever name. */
    public Optional<FoundationModelEntity> findByGguf(String ggufSha256) {
        return em.createQuery("from FoundationModelEntity where ggufSha256 = :sha", FoundationModelEntity.class)
                .setParameter("sha", ggufSha256).getResultStream().findFirst();
    }

    /** Every imported model, newest first. */
    public List<FoundationModelEntity> list() {
        return em.createQuery("from FoundationModelEntity order by importedAt desc, name", FoundationModelEntity.class)
                .getResultList();
    }

    /**
     * Records a finished import. Should another import have registered the name meanwhile from another
     * GGUF, nothing is recorded and the import is refused as bad input.
     */
    public FoundationModelEntity record(ImportRecord done) {
        em.createNativeQuery("""
                        insert into pipeline_run (id, kind, model, status, ended_at)
                        values (:id, :kind, :model, :status, now())
                        on conflict (id) do update set status = excluded.status, ended_at = now(), updated_at = now()""")
                .setParameter("id", done.runId())
                .setParameter("kind", RUN_KIND)
                .setParameter("model", done.name())
                .setParameter("status", PipelineStatus.COMPLETED.name())
                .executeUpdate();
        // One foundation model per GGUF: two imports of one file under two names may both have passed the check
        // before converting (minutes), so the second to record is refused here, one at a time per file.
        em.createNativeQuery("select count(*) from pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "recflow.gguf:" + done.ggufSha256()).getSingleResult();
        findByGguf(done.ggufSha256()).filter(model -> !model.getName().equals(done.name())).ifPresent(model -> {
            throw new BadInputException(done.name(), 0, "name", "this GGUF (sha256 " + done.ggufSha256()
                    + ") was imported meanwhile as " + model.getName() + "; use that name");
        });
        long step = steps.startStep(done.runId(), STAGE, done.attempt(), done.worker(), "cpu");
        long artifactId = steps.recordGenerated(step, done.model(), done.metadata());
        steps.finishStep(step, StageStatus.COMPLETED, null);
        em.createNativeQuery("""
                        insert into foundation_model (name, artifact_id, gguf_sha256)
                        values (:name, :artifact, :gguf)
                        on conflict (name) do nothing""")
                .setParameter("name", done.name())
                .setParameter("artifact", artifactId)
                .setParameter("gguf", done.ggufSha256())
                .executeUpdate();
        em.flush();
        em.clear();
        FoundationModelEntity registered = find(done.name()).orElseThrow();
        if (registered.getArtifactId() != artifactId) {
            throw new BadInputException(done.name(), 0, "name", "was imported meanwhile from another GGUF (sha256 "
                    + registered.getGgufSha256() + "); import this one under another name");
        }
        return registered;
    }
}
