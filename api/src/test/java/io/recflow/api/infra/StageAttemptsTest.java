package io.recflow.api.infra;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.activities.lineage.StepEntity;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.stage.StageRunner;
import io.recflow.activities.stage.StepCacheKey;
import io.recflow.workflows.pipeline.StageStatus;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.ActivityNotExistsException;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a stage attempt that does not end normally leaves its lineage step, each attempt run once as an activity by
 * the SDK's test environment against the real lineage database.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class StageAttemptsTest {

    /** The test environment runs every activity as this workflow's. */
    private static final String RUN_ID = "test-workflow-id";

    @ActivityInterface
    public interface Attempt {
        void attempt();
    }

    /** A result the step cache cannot store: its one property cannot be read. */
    public static final class Unwritable {
        public String getCodes() {
            throw new IllegalStateException("no JSON form");
        }
    }

    @Inject
    StageRunner stages;
    @Inject
    RunRecords runRecords;
    @Inject
    StepRecords stepRecords;

    /**
     * An attempt whose heartbeat finds Temporal no longer knows it — its run was cancelled (the cancel does not wait
     * for the attempt), a comparison that failed fast ended the run, or it timed out and another attempt took over —
     * closes its step as abandoned, not as a failure with the SDK's bare activity coordinates. Seen on a real
     * platform before: a run cancelled during fine-tuning left its fine-tune step FAILED, "WorkflowId=…, ActivityId=…".
     */
    @Test
    void anAttemptTemporalNoLongerKnowsClosesItsStepAsAbandoned() {
        // What a heartbeat throws once the server answers NOT_FOUND for the attempt.
        StepEntity step = failingOnce("fine-tune", () -> stages.run("fine-tune", "cpu", s -> {
            throw new ActivityNotExistsException(Activity.getExecutionContext().getInfo(),
                    new IllegalStateException("workflow execution already completed"));
        }));
        assertEquals(StageStatus.CANCELED.name(), step.getStatus());
        assertTrue(step.getMessage().startsWith("abandoned: "), step.getMessage());
    }

    /**
     * A step and its cache entry commit together. Written one after the other, a failure between them (PostgreSQL
     * restarted mid-run, in CI) left the step COMPLETED while the attempt failed, and the retry completed a second
     * step of the same stage. Here the entry cannot be written (a result with no JSON form).
     */
    @Test
    void aStepWhoseCacheEntryCannotBeWrittenEndsFailedNotCompleted() {
        StepEntity step = failingOnce("tokenize", () -> stages.runCached("tokenize", StepRecords.MAIN_PART, "cpu",
                () -> StepCacheKey.of("tokenize", 1, "completion-test"), Unwritable.class, s -> new Unwritable()));
        assertEquals(StageStatus.FAILED.name(), step.getStatus());
        assertTrue(step.getMessage().contains("cannot store the step's result in the cache"), step.getMessage());
    }

    /** Runs {@code attempt} once (no retry) as an activity of {@link #RUN_ID}; it must fail; its only step of {@code stage}. */
    private StepEntity failingOnce(String stage, Runnable attempt) {
        runRecords.createRun(new NewRun(RUN_ID, "attempts", "{\"model\": \"attempts\"}", 1L, null, "test", null));
        TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
        try {
            environment.registerActivitiesImplementations((Attempt) attempt::run);
            Attempt stub = environment.newActivityStub(Attempt.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(1))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
            assertThrows(RuntimeException.class, stub::attempt);
        } finally {
            environment.close();
        }
        var steps = stepRecords.steps(RUN_ID).stream().filter(s -> s.getStage().equals(stage)).toList();
        assertEquals(1, steps.size(), steps::toString);
        return steps.get(0);
    }
}
