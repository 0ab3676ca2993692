package io.recflow.activities.lineage;

import io.recflow.workflows.ArtifactRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code artifact} table: every artifact recorded once per URI ({@code insert ... on conflict}), so a
 * retried activity records it once.
 */
@ApplicationScoped
@Transactional
public class ArtifactRecords {

    @Inject
    EntityManager em;

    /**
     * Records an artifact a step wrote (once per uri) and returns its id. Metadata of a repeated call is merged
     * into the stored metadata (keys of the later call win). Written again, a collected artifact is live again.
     */
    public long recordArtifact(ArtifactRef ref, Map<String, ?> metadata) {
        Objects.requireNonNull(ref, "ref");
        Object[] row = (Object[]) em.createNativeQuery("""
                        insert into artifact (kind, uri, sha256, size, metadata)
                        values (:kind, :uri, :sha256, :size, cast(:metadata as jsonb))
                        on conflict (uri) do update set metadata = artifact.metadata || excluded.metadata,
                                                        deleted_at = null, deleted_by = null
                        returning id, sha256, size""")
                .setParameter("kind", ref.kind())
                .setParameter("uri", ref.uri())
                .setParameter("sha256", ref.sha256())
                .setParameter("size", ref.size())
                .setParameter("metadata", LineageRows.json(metadata))
                .getSingleResult();
        checkSameContent(ref, row);
        return ((Number) row[0]).longValue();
    }

    public long recordArtifact(ArtifactRef ref) {
        return recordArtifact(ref, Map.of());
    }

    /**
     * Records an artifact a step reads (once per uri) and returns its id. Unlike a write, a read does not make
     * a collected artifact live again: its object is gone, so this fails, saying which collection deleted it.
     * The row is updated, not only selected, so that a collection deleting it now ({@code ArtifactCollector},
     * which holds the row's lock meanwhile) is waited for.
     */
    public long recordRead(ArtifactRef ref) {
        Objects.requireNonNull(ref, "ref");
        Object[] row = (Object[]) em.createNativeQuery("""
                        insert into artifact (kind, uri, sha256, size)
                        values (:kind, :uri, :sha256, :size)
                        on conflict (uri) do update set uri = excluded.uri
                        returning id, sha256, size, deleted_at, deleted_by""")
                .setParameter("kind", ref.kind())
                .setParameter("uri", ref.uri())
                .setParameter("sha256", ref.sha256())
                .setParameter("size", ref.size())
                .getSingleResult();
        checkSameContent(ref, row);
        if (row[3] != null) {
            throw new IllegalStateException("artifact " + ref.uri() + " was deleted by " + row[4] + " at " + row[3]
                    + "; nothing can read it any more");
        }
        return ((Number) row[0]).longValue();
    }

    private static void checkSameContent(ArtifactRef ref, Object[] row) {
        if (!ref.sha256().equals(row[1]) || ref.size() != ((Number) row[2]).longValue()) {
            throw new IllegalStateException("artifact " + ref.uri() + " is recorded with sha256 " + row[1]
                    + " and size " + row[2] + ", not " + ref.sha256() + " / " + ref.size());
        }
    }

    public Optional<ArtifactEntity> artifact(long id) {
        return Optional.ofNullable(em.find(ArtifactEntity.class, id));
    }

    /** The artifacts of {@code ids} that exist, by id, in one query. */
    public Map<Long, ArtifactEntity> artifacts(Collection<Long> ids) {
        return LineageRows.byId(em, ArtifactEntity.class, ids, ArtifactEntity::getId);
    }

    public Optional<ArtifactEntity> artifactByUri(String uri) {
        return em.createQuery("from ArtifactEntity where uri = :uri", ArtifactEntity.class)
                .setParameter("uri", uri).getResultStream().findFirst();
    }

    /** The newest artifacts, optionally of one kind. */
    public List<ArtifactEntity> artifacts(String kind, int limit) {
        return em.createQuery("from ArtifactEntity where (:kind is null or kind = :kind) order by id desc",
                        ArtifactEntity.class)
                .setParameter("kind", kind).setMaxResults(LineageRows.clampLimit(limit)).getResultList();
    }
}
