package io.recflow.workflows.pipeline;

import io.recflow.workflows.Failures;
import io.recflow.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;

import java.time.Duration;

/**
 * Timeouts and retries of every stage. Bad input is never retried (it fails the same way again);
 * everything else — a lost worker, a storage hiccup — is retried with back-off. The long stages
 * heartbeat, so a dead worker is noticed within the heartbeat timeout instead of the stage timeout,
 * and the retry resumes from the last checkpoint.
 */
final class StagePolicies {

    // Long enough for a step under load (and for work between steps: saving the base, encoding the
    // gate inputs), short enough that a dead worker is replaced within a minute.
    private static final Duration HEARTBEAT = Duration.ofSeconds(60);

    private StagePolicies() {
    }

    static ActivityOptions ingest() {
        return options(Duration.ofMinutes(30), 5).setHeartbeatTimeout(HEARTBEAT).build();
    }

    static ActivityOptions tokenize() {
        return options(Duration.ofHours(2), 3).setHeartbeatTimeout(HEARTBEAT).build();
    }

    static ActivityOptions fineTune() {
        return options(Duration.ofHours(12), 5).setHeartbeatTimeout(HEARTBEAT).setTaskQueue(TaskQueues.GPU).build();
    }

    static ActivityOptions evaluate() {
        return options(Duration.ofHours(2), 3).setHeartbeatTimeout(HEARTBEAT).build();
    }

    static ActivityOptions promote() {
        return options(Duration.ofMinutes(1), 10).build();
    }

    static ActivityOptions bookkeeping() {
        return options(Duration.ofSeconds(30), 20).build();
    }

    private static ActivityOptions.Builder options(Duration startToClose, int attempts) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(startToClose)
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2.0)
                        .setMaximumInterval(Duration.ofMinutes(1))
                        .setMaximumAttempts(attempts)
                        .setDoNotRetry(Failures.BAD_INPUT)
                        .build());
    }
}
