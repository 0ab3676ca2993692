package io.recflow.activities.lineage;

import io.recflow.workflows.promote.ModelVersionRef;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;

/** A row of {@code model_version}: version {@link #getVersion()} of model {@link #getModel()}. */
@Entity
@Immutable
@Table(name = "model_version")
public class ModelVersionEntity {

    @Id
    private Long id;
    private String model;
    private int version;
    private long artifactId;
    private String runId;
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> metrics;
    private Instant createdAt;

    protected ModelVersionEntity() {
    }

    public Long getId() {
        return id;
    }

    public String getModel() {
        return model;
    }

    public int getVersion() {
        return version;
    }

    public long getArtifactId() {
        return artifactId;
    }

    public String getRunId() {
        return runId;
    }

    public Map<String, Object> getMetrics() {
        return metrics == null ? Map.of() : metrics;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public ModelVersionRef toRef() {
        return new ModelVersionRef(model, version);
    }
}
