package io.recflow.api.access;

import java.time.Instant;

/** Who did what to which run, model alias, schedule or token, and when. */
public record AuditEvent(long id, Instant at, String principal, String role, String action, String target,
                         String detail) {
}
