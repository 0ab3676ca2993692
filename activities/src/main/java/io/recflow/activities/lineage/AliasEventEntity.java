package io.recflow.activities.lineage;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;

/** A row of the append-only {@code alias_event} audit history. */
@Entity
@Immutable
@Table(name = "alias_event")
public class AliasEventEntity {

    @Id
    private Long id;
    private String model;
    private String alias;
    private Integer fromVersion;
    private int toVersion;
    private String actor;
    private String reason;
    private Instant at;
    /** Which request made the move, when it must happen once ({@link ModelRegistry#moveAliasOnce}); not shown. */
    private String requestId;

    protected AliasEventEntity() {
    }

    public Long getId() {
        return id;
    }

    public String getModel() {
        return model;
    }

    public String getAlias() {
        return alias;
    }

    /** The version the alias pointed to before, or {@code null} when it was created. */
    public Integer getFromVersion() {
        return fromVersion;
    }

    public int getToVersion() {
        return toVersion;
    }

    public String getActor() {
        return actor;
    }

    public String getReason() {
        return reason;
    }

    public Instant getAt() {
        return at;
    }
}
