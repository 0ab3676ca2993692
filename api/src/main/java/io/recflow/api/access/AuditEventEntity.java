package io.recflow.api.access;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;

/** A row of the append-only {@code audit_event} table. */
@Entity
@Immutable
@Table(name = "audit_event")
class AuditEventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    Instant at;
    String principal;
    String role;
    String action;
    String target;
    String detail;

    protected AuditEventEntity() {
    }

    AuditEventEntity(Instant at, Caller caller, String action, String target, String detail) {
        this.at = at;
        this.principal = caller.name();
        this.role = caller.role().id();
        this.action = action;
        this.target = target;
        this.detail = detail;
    }

    AuditEvent view() {
        return new AuditEvent(id, at, principal, role, action, target, detail);
    }
}
