package io.recflow.api.schedules;

import io.recflow.workflows.spec.PipelineSpec;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A schedule as the REST API shows it: what it runs and when, its state, and the pipeline runs it
 * started (most recent last; each is a pipeline id of {@code /api/v1/pipelines/{id}}).
 */
public record ScheduleView(String id, String model, List<String> intervals, List<String> cron, boolean paused,
                           String note, long runs, long skipped, List<String> running, List<ScheduledRun> recentRuns,
                           List<Instant> nextRuns, Instant createdAt, PipelineSpec spec, Map<String, String> links) {

    /** One pipeline run a schedule started. */
    public record ScheduledRun(String pipelineId, Instant scheduledAt, Instant startedAt) {
    }
}
