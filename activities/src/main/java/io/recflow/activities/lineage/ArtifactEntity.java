package io.recflow.activities.lineage;

import io.recflow.workflows.ArtifactRef;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;

/** A row of {@code artifact}. Read-only through JPA: {@link ArtifactRecords} writes with idempotent SQL. */
@Entity
@Immutable
@Table(name = "artifact")
public class ArtifactEntity {

    @Id
    private Long id;
    private String kind;
    private String uri;
    private String sha256;
    private long size;
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> metadata;
    private Instant createdAt;
    private Instant deletedAt;

    protected ArtifactEntity() {
    }

    public Long getId() {
        return id;
    }

    public String getKind() {
        return kind;
    }

    public String getUri() {
        return uri;
    }

    public String getSha256() {
        return sha256;
    }

    public long getSize() {
        return size;
    }

    public Map<String, Object> getMetadata() {
        return metadata == null ? Map.of() : metadata;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public ArtifactRef toRef() {
        return new ArtifactRef(uri, sha256, size, kind);
    }

    /** When garbage collection deleted the artifact's object from the store, or null while it is there. */
    public Instant getDeletedAt() {
        return deletedAt;
    }
}
