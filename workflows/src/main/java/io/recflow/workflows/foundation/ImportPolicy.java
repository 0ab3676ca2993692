package io.recflow.workflows.foundation;

import io.recflow.workflows.Failures;
import io.recflow.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;

import java.time.Duration;

/**
 * Timeout and retries of the import activity. A download or an upload may fail for a moment and is
 * retried; bad input and a worker without pip are not (they fail the same way again). The activity
 * heartbeats every few seconds through download, conversion and upload, so a dead worker is noticed
 * within a minute.
 */
final class ImportPolicy {

    private ImportPolicy() {
    }

    static ActivityOptions options() {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.CPU)
                .setStartToCloseTimeout(Duration.ofHours(1))
                .setHeartbeatTimeout(Duration.ofSeconds(60))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(2))
                        .setBackoffCoefficient(2.0)
                        .setMaximumInterval(Duration.ofMinutes(1))
                        .setMaximumAttempts(3)
                        .setDoNotRetry(Failures.BAD_INPUT, Failures.PIP_UNAVAILABLE)
                        .build())
                .build();
    }
}
