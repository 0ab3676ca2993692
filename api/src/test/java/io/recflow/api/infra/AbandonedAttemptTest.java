package io.recflow.api.infra;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.activities.lineage.StepEntity;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.stage.StageRunner;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stage attempt whose heartbeat finds Temporal no longer knows it — its run was cancelled (the cancel does not wait
 * for the attempt), a comparison that failed fast ended the run, or it timed out and another attempt took over —
 * closes its lineage step as abandoned, not as a failure with the SDK's bare activity coordinates. Seen on a real
 * platform before: a run cancelled during fine-tuning left its fine-tune step FAILED, "WorkflowId=…, ActivityId=…".
 */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class AbandonedAttemptTest {

    /** The test environment runs every activity as this workflow's. */
    private static final String RUN_ID = "test-workflow-id";

    @ActivityInterface
    public interface Training {
        void train();
    }

    @Inject
    StageRunner stages;
    @Inject
    RunRecords runRecords;
    @Inject
    StepRecords stepRecords;

    @Test
    void anAttemptTemporalNoLongerKnowsClosesItsStepAsAbandoned() {
        runRecords.createRun(new NewRun(RUN_ID, null, "abandoned", "{\"model\": \"abandoned\"}", 1L, null, "test"));
        TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
        try {
            // What a heartbeat throws once the server answers NOT_FOUND for the attempt.
            environment.registerActivitiesImplementations((Training) () -> stages.run("fine-tune", "cpu", step -> {
                throw new ActivityNotExistsException(Activity.getExecutionContext().getInfo(),
                        new IllegalStateException("workflow execution already completed"));
            }));
            Training training = environment.newActivityStub(Training.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(1))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());

            assertThrows(RuntimeException.class, training::train);
        } finally {
            environment.close();
        }

        List<StepEntity> steps = stepRecords.steps(RUN_ID);
        assertEquals(1, steps.size(), steps::toString);
        assertEquals(StageStatus.CANCELED.name(), steps.get(0).getStatus());
        assertTrue(steps.get(0).getMessage().startsWith("abandoned: "), steps.get(0).getMessage());
    }
}
