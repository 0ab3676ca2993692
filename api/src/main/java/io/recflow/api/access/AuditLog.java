package io.recflow.api.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * The audit log: every state-changing request, with the authenticated principal that made it. Written in
 * the caller's transaction when there is one, so a change and its audit row land together.
 */
@ApplicationScoped
public class AuditLog {

    @Inject
    EntityManager em;

    @Transactional
    public void record(Caller caller, String action, String target, String detail) {
        em.persist(new AuditEventEntity(Instant.now(), caller, action, target, detail == null ? "" : detail));
    }

    /** Newest first; {@code target} and {@code principal} filter when given. */
    @Transactional
    public List<AuditEvent> events(String target, String principal, int limit) {
        return em.createQuery("""
                        from AuditEventEntity e
                        where (:target is null or e.target = :target) and (:principal is null or e.principal = :principal)
                        order by e.id desc""", AuditEventEntity.class)
                .setParameter("target", target).setParameter("principal", principal)
                .setMaxResults(limit).getResultList().stream().map(AuditEventEntity::view).toList();
    }
}
