package io.recflow.api.access;

import java.time.Instant;

/** A token as it is listed: never its secret. {@code status} is live, expired or revoked. */
public record TokenView(String id, String name, String role, String status, String createdBy, Instant createdAt,
                        Instant expiresAt, Instant revokedAt, String revokedBy) {
}
