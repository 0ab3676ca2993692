package io.recflow.activities.lineage;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;

/** A row of {@code step}: one attempt of one stage of a run. */
@Entity
@Immutable
@Table(name = "step")
public class StepEntity {

    @Id
    private Long id;
    private String runId;
    private String stage;
    private String part;
    private int attempt;
    private String status;
    private Instant startedAt;
    private Instant endedAt;
    private String worker;
    private String device;
    private String message;
    private String codeVersion;
    private Long cachedFromStep;

    protected StepEntity() {
    }

    public Long getId() {
        return id;
    }

    public String getRunId() {
        return runId;
    }

    public String getStage() {
        return stage;
    }

    /** Which of the stage's activities: {@link StepRecords#MAIN_PART} for its own, e.g. {@code comparison lora}. */
    public String getPart() {
        return part;
    }

    /** Whether this is an attempt of the stage's own activity (not one run beside it). */
    public boolean isMainPart() {
        return StepRecords.MAIN_PART.equals(part);
    }

    public int getAttempt() {
        return attempt;
    }

    public String getStatus() {
        return status;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    public String getWorker() {
        return worker;
    }

    public String getDevice() {
        return device;
    }

    /** The platform version and commit that ran this step ({@link PlatformBuild#describe}); null on older steps. */
    public String getCodeVersion() {
        return codeVersion;
    }

    public String getMessage() {
        return message;
    }

    /** The step whose result this one reused (status CACHED), or null when it computed its own. */
    public Long getCachedFromStep() {
        return cachedFromStep;
    }
}
