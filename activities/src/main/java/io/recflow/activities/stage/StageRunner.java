package io.recflow.activities.stage;

import io.quarkus.narayana.jta.QuarkusTransaction;
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
import io.temporal.client.ActivityNotExistsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

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
    @Inject
    StepCache cache;

    public <T> T run(String stage, String device, Function<StageStep, T> work) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        return attempt(info, stage, stepRecords.startStep(info.getWorkflowId(), stage, info.getAttempt(), WORKER,
                device), device, work, result -> { });
    }

    /**
     * Like {@link #run}, through the step cache: when the run's spec lets this stage reuse results and a
     * completed step had the same key, the step is recorded as CACHED with that step's outputs and its result
     * is returned without computing; otherwise the stage runs and, once completed, its result is entered
     * under the key. The key is computed inside the attempt, so bad input found on the way (a given code file
     * that is missing) fails the step like any bad input.
     *
     * @param part which of the stage's activities this is ({@link StepRecords#startStep(String, String, String,
     *             int, String, String)}): each has its own steps
     */
    public <T> T runCached(String stage, String part, String device, Supplier<StepCacheKey> keyOf,
                           Class<T> resultType, Function<StageStep, T> work) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        String runId = info.getWorkflowId();
        long stepId = stepRecords.startStep(runId, stage, part, info.getAttempt(), WORKER, device);
        AtomicReference<StepCacheKey> key = new AtomicReference<>();
        AtomicBoolean reused = new AtomicBoolean();
        T result = attempt(info, stage, stepId, device, step -> {
            key.set(keyOf.get());
            Optional<StepCache.Hit<T>> hit = cache.reuses(runId, stage) ? cache.find(key.get(), resultType)
                    : Optional.empty();
            if (hit.isEmpty()) {
                return work.apply(step);
            }
            step.reuse(hit.get().stepId(), hit.get().artifacts());
            reused.set(true);
            cache.touch(key.get());
            LOG.infof("%s: %s reuses the result of step %d (cache key %s)", runId, stage, hit.get().stepId(),
                    key.get());
            return hit.get().result();
        }, computed -> {
            if (!reused.get()) {
                cache.remember(key.get(), stepId, computed);
            }
        });
        return result;
    }

    /**
     * Runs {@code work} as the step's attempt; {@code withCompletion} writes what belongs to the completed step
     * (its cache entry) in the transaction that marks it COMPLETED. Apart, a failure between the two (seen with
     * PostgreSQL restarted mid-run) left the step COMPLETED and failed the attempt, and the retry completed a
     * second step of the stage.
     */
    private <T> T attempt(ActivityInfo info, String stage, long stepId, String device, Function<StageStep, T> work,
                          Consumer<T> withCompletion) {
        String runId = info.getWorkflowId();
        LOG.infof("%s: %s attempt %d on %s (%s)", runId, stage, info.getAttempt(), WORKER, device);
        try {
            StageStep step = new StageStep(stepId, store, artifactRecords, stepRecords);
            T result = work.apply(step);
            QuarkusTransaction.requiringNew().run(() -> {
                if (step.reusedFrom() == null) {
                    if (!stepRecords.finishStep(stepId, StageStatus.COMPLETED, null)) {
                        throw new IllegalStateException("step " + stepId + " was closed before this attempt of " + stage
                                + " finished (a later attempt took over): its result is not recorded");
                    }
                } else {
                    stepRecords.finishReused(stepId, step.reusedFrom(), step.reusedArtifacts());
                }
                withCompletion.accept(result);
            });
            return result;
        } catch (BadInputException e) {
            stepRecords.finishStep(stepId, StageStatus.FAILED, e.getMessage());
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), Failures.BAD_INPUT);
        } catch (ActivityCanceledException | CanceledFailure e) {
            stepRecords.finishStep(stepId, StageStatus.CANCELED, "canceled");
            throw e;
        } catch (ActivityNotExistsException e) {
            // A heartbeat found the attempt gone: its run ended (a cancel does not wait for the attempt, a comparison
            // that failed fast ends the run) or the attempt timed out and another took over. Nothing failed here.
            stepRecords.finishStep(stepId, StageStatus.CANCELED,
                    "abandoned: Temporal no longer waits for this attempt (its run ended, or it timed out)");
            throw e;
        } catch (RuntimeException | Error e) {
            stepRecords.finishStep(stepId, StageStatus.FAILED, String.valueOf(e.getMessage()));
            throw e;
        }
    }
}
