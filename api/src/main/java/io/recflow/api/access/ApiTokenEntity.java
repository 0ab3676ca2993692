package io.recflow.api.access;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code api_token}: a token's id, name, role and the Argon2id hash of its secret. */
@Entity
@Table(name = "api_token")
class ApiTokenEntity {

    @Id
    String id;
    String name;
    String role;
    String secretHash;
    String createdBy;
    Instant createdAt;
    Instant expiresAt;
    Instant revokedAt;
    String revokedBy;

    protected ApiTokenEntity() {
    }

    ApiTokenEntity(String id, String name, Role role, String secretHash, String createdBy, Instant createdAt,
                   Instant expiresAt) {
        this.id = id;
        this.name = name;
        this.role = role.id();
        this.secretHash = secretHash;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    boolean live(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    TokenView view(Instant now) {
        String status = revokedAt != null ? "revoked" : live(now) ? "live" : "expired";
        return new TokenView(id, name, role, status, createdBy, createdAt, expiresAt, revokedAt, revokedBy);
    }
}
