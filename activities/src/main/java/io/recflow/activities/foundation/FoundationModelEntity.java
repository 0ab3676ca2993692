package io.recflow.activities.foundation;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;

/** A row of {@code foundation_model}. Read-only through JPA: {@link FoundationModelRegistry} writes with SQL. */
@Entity
@Immutable
@Table(name = "foundation_model")
public class FoundationModelEntity {

    @Id
    private String name;
    private long artifactId;
    private String ggufSha256;
    private Instant importedAt;

    protected FoundationModelEntity() {
    }

    public String getName() {
        return name;
    }

    public long getArtifactId() {
        return artifactId;
    }

    /** The sha256 of the GGUF it was converted from: what makes a second import of the name a no-op. */
    public String getGgufSha256() {
        return ggufSha256;
    }

    public Instant getImportedAt() {
        return importedAt;
    }
}
