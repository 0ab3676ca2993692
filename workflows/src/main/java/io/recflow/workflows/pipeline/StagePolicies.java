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
public final class StagePolicies {

    // Long enough for a step under load (and for work between steps: saving the base, encoding the
    // gate inputs), short enough that a dead worker is replaced within a minute.
    private static final Duration HEARTBEAT = Duration.ofSeconds(60);
    // A platform that stops (Ctrl-C) fails the attempts it is running (their heartbeats throw), and for the
    // ~10 s it takes to stop its workers still take tasks: a retry due sooner would land on that worker and
    // fail too, spending the stage's attempts (measured: 3 of fine-tune's 5 with a 1 s first back-off).
    // The first retry of a heartbeating stage waits until such a worker is gone.
    private static final Duration FIRST_RETRY_OF_LONG_STAGES = Duration.ofSeconds(15);

    private StagePolicies() {
    }

    static ActivityOptions ingest() {
        return heartbeating(Duration.ofMinutes(30), 5).build();
    }

    static ActivityOptions tokenize() {
        return heartbeating(Duration.ofHours(2), 3).build();
    }

    /** @param summary what this training is, shown beside the activity in the Temporal UI */
    static ActivityOptions fineTune(String summary) {
        return heartbeating(Duration.ofHours(12), 5).setTaskQueue(TaskQueues.GPU).setSummary(summary).build();
    }

    static ActivityOptions evaluate() {
        return heartbeating(Duration.ofHours(2), 3).build();
    }

    static ActivityOptions promote() {
        return options(Duration.ofMinutes(1), 10).build();
    }

    /** Short writes of the run's own records (its status, a child's row). */
    public static ActivityOptions bookkeeping() {
        return options(Duration.ofSeconds(30), 20).build();
    }

    private static ActivityOptions.Builder heartbeating(Duration startToClose, int attempts) {
        return options(startToClose, attempts, FIRST_RETRY_OF_LONG_STAGES).setHeartbeatTimeout(HEARTBEAT);
    }

    private static ActivityOptions.Builder options(Duration startToClose, int attempts) {
        return options(startToClose, attempts, Duration.ofSeconds(1));
    }

    private static ActivityOptions.Builder options(Duration startToClose, int attempts, Duration firstRetry) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(startToClose)
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(firstRetry)
                        .setBackoffCoefficient(2.0)
                        .setMaximumInterval(Duration.ofMinutes(1))
                        .setMaximumAttempts(attempts)
                        .setDoNotRetry(Failures.BAD_INPUT)
                        .build());
    }
}
