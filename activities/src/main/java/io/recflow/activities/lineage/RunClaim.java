package io.recflow.activities.lineage;

/**
 * The outcome of {@link RunRecords#createRun}: the run that owns the request ({@code created} false
 * when an earlier request with the same id or idempotency key already recorded it).
 */
public record RunClaim(String runId, boolean created) {
}
