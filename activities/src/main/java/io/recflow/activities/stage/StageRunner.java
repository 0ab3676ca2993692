package io.recflow.activities.stage;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.workflows.Failures;
import io.recflow.workflows.pipeline.StageStatus;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.client.ActivityCanceledException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.util.function.Function;

/**
 * Runs one attempt of a stage inside an activity: records its {@code step} row (run, stage, attempt,
 * worker, device), lets the work record what it read and wrote, and closes the step as completed or
 * failed. Bad input becomes a non-retryable failure whose message says what and where; anything else
 * stays retryable.
 */
@ApplicationScoped
public class StageRunner {

    private static final Logger LOG = Logger.getLogger(StageRunner.class);
    private static final String WORKER = ManagementFactory.getRuntimeMXBean().getName();

    @Inject
    ArtifactStore store;
    @Inject
    StepRecords stepRecords;
    @Inject
    ArtifactRecords artifactRecords;

    public <T> T run(String stage, String device, Function<StageStep, T> work) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        String runId = info.getWorkflowId();
        long stepId = stepRecords.startStep(runId, stage, info.getAttempt(), WORKER, device);
        LOG.infof("%s: %s attempt %d on %s (%s)", runId, stage, info.getAttempt(), WORKER, device);
        try {
            T result = work.apply(new StageStep(stepId, store, artifactRecords, stepRecords));
            stepRecords.finishStep(stepId, StageStatus.COMPLETED, null);
            return result;
        } catch (BadInputException e) {
            stepRecords.finishStep(stepId, StageStatus.FAILED, e.getMessage());
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), Failures.BAD_INPUT);
        } catch (ActivityCanceledException | CanceledFailure e) {
            stepRecords.finishStep(stepId, StageStatus.CANCELED, "canceled");
            throw e;
        } catch (RuntimeException | Error e) {
            stepRecords.finishStep(stepId, StageStatus.FAILED, String.valueOf(e.getMessage()));
            throw e;
        }
    }
}
