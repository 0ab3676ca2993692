package io.recflow.activities.lineage;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A row of {@code pipeline_run}; {@link #getId()} is the Temporal workflow id. */
@Entity
@Immutable
@Table(name = "pipeline_run")
public class PipelineRunEntity {

    @Id
    private String id;
    /** {@code pipeline}, {@code sweep}, or {@code foundation-import} for a foundation model's import. */
    private String kind;
    /** The sweep that started this pipeline run, if one did. */
    private String sweepId;
    private String temporalRunId;
    private String model;
    /** The complete pipeline spec the run ran with, every default filled in (jsonb). */
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> spec;
    /** The spec as the request gave it; null for runs recorded before it was kept, and for scheduled runs. */
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> requestedSpec;
    private Long seed;
    private String status;
    private String message;
    private String idempotencyKey;
    /** The authenticated principal that started the run; null for a schedule's runs. */
    private String startedBy;
    private Instant startedAt;
    private Instant endedAt;
    private Instant updatedAt;

    protected PipelineRunEntity() {
    }

    public String getId() {
        return id;
    }

    public String getKind() {
        return kind;
    }

    public String getSweepId() {
        return sweepId;
    }

    public String getModel() {
        return model;
    }

    public Map<String, Object> getSpec() {
        return spec == null ? Map.of() : spec;
    }

    public Optional<Map<String, Object>> getRequestedSpec() {
        return Optional.ofNullable(requestedSpec);
    }

    public Long getSeed() {
        return seed;
    }

    public String getStatus() {
        return status;
    }

    public String getMessage() {
        return message;
    }

    public String getStartedBy() {
        return startedBy;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }
}
