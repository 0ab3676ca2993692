package io.recflow.api.schedules;

import io.recflow.workflows.spec.PipelineSpec;

/**
 * A periodic retraining: the pipeline {@code spec} started every {@code interval} (ISO-8601, e.g.
 * {@code PT24H}) or at each {@code cron} time (five fields, UTC, e.g. {@code 0 3 * * *}); exactly one
 * of the two. A run still going when the next is due is skipped, not overlapped.
 *
 * @param id     the schedule's id: lower-case letters, digits and '-'
 * @param paused create it paused
 * @param note   why (shown with the schedule)
 */
public record ScheduleRequest(String id, PipelineSpec spec, String interval, String cron, Boolean paused,
                              String note) {
}
