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
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stage's step and its cache entry commit together. Written one after the other, a failure between them
 * (PostgreSQL restarted mid-run, in CI) left the step COMPLETED while the attempt failed, and the retry completed
 * a second step of the same stage. Here the entry cannot be written (a result with no JSON form).
 */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class StepCompletionTest {

    /** The test environment runs every activity as this workflow's. */
    private static final String RUN_ID = "test-workflow-id";

    @ActivityInterface
    public interface Tokenizing {
        void tokenize();
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

    @Test
    void aStepWhoseCacheEntryCannotBeWrittenEndsFailedNotCompleted() {
        runRecords.createRun(new NewRun(RUN_ID, null, "completion", "{\"model\": \"completion\"}", 1L, null, "test"));
        TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
        try {
            environment.registerActivitiesImplementations((Tokenizing) () -> stages.runCached("tokenize",
                    StepRecords.MAIN_PART, "cpu", () -> StepCacheKey.of("tokenize", 1, "completion-test"),
                    Unwritable.class, step -> new Unwritable()));
            Tokenizing tokenizing = environment.newActivityStub(Tokenizing.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(1))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());

            assertThrows(RuntimeException.class, tokenizing::tokenize);
        } finally {
            environment.close();
        }

        List<StepEntity> steps = stepRecords.steps(RUN_ID).stream().filter(s -> s.getStage().equals("tokenize"))
                .toList();
        assertEquals(1, steps.size(), steps::toString);
        assertEquals(StageStatus.FAILED.name(), steps.get(0).getStatus());
        assertTrue(steps.get(0).getMessage().contains("cannot store the step's result in the cache"),
                steps.get(0).getMessage());
    }
}
